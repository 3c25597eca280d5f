package dev.flowrec.bench.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * The process's memory as B4 reports it: peak resident set (Linux {@code VmHWM}), Java heap in use,
 * and off-heap bytes that JavaCPP tracks for ND4J's buffers.
 */
public record ProcessMemory(double peakRssMib, double heapUsedMib, double offHeapMib) {

    static ProcessMemory now() {
        Runtime rt = Runtime.getRuntime();
        return new ProcessMemory(
                peakRssKib() / 1024.0,
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                Pointer.totalBytes() / 1048576.0);
    }

    /** VmHWM in KiB, or NaN where /proc is not there (not Linux). */
    private static double peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
