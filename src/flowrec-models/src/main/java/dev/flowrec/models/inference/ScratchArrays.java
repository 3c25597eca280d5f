package dev.flowrec.models.inference;

/**
 * The calling thread's reusable activation arrays, by slot: a forward pass asks for slot k of at
 * least n floats and gets the thread's array for that slot, grown when too small, with whatever the
 * last pass left in it. Fresh arrays per batch would be multi-megabyte allocations at batch 1,024
 * (humongous objects in G1), zeroed and then overwritten; reused ones cost nothing.
 */
public final class ScratchArrays {
    private static final int SLOTS = 16;
    private static final ThreadLocal<float[][]> OF_THREAD =
            ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private ScratchArrays() {}

    /**
     * The thread's array for {@code slot}, at least {@code floats} long; only this thread uses it
     * until it asks for the same slot again.
     */
    public static float[] of(int slot, int floats) {
        float[][] arrays = OF_THREAD.get();
        if (arrays[slot].length < floats) {
            arrays[slot] = new float[floats + floats / 4];
        }
        return arrays[slot];
    }

    /** Slots a forward pass may use: 0 to this, exclusive. */
    public static int slots() {
        return SLOTS;
    }
}
