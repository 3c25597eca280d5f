package dev.flowrec.core.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * ROC AUC from two count histograms (positives and negatives) over equal-width bins of the
 * <em>logit</em> of the predicted probability, so memory is fixed whatever the stream length.
 *
 * <p>Why logit bins: conversion rates are around 1%, so most predictions sit in [0.001, 0.05].
 * Equal-width bins on the probability scale would put nearly all of them into a handful of bins and
 * every pair inside a bin counts as a tie; on the logit scale the same 4096 bins over [-16, 16] are
 * 0.0078 logit wide everywhere, which is a relative difference of under 1% in a small probability.
 * Probabilities whose logit falls outside the range (including exactly 0 and 1) are clamped into
 * the first or last bin.
 *
 * <p>Pairs of a positive and a negative in the same bin count one half, the usual convention for
 * tied scores. The difference from the exact AUC is therefore at most half the share of
 * positive-negative pairs that share a bin, which for predictions that are not themselves heavily
 * tied is far below 0.001.
 *
 * <p>Two instances merge only when their binning is identical. Not thread-safe.
 */
public final class BinnedAuc implements OnlineMetric<BinnedAuc> {
    /** Default number of bins. */
    public static final int DEFAULT_BINS = 4096;

    /** Default half-width of the logit range: bins cover [-16, 16]. */
    public static final double DEFAULT_MAX_LOGIT = 16.0;

    /** Bounds that keep a histogram's memory and serialized size sane. */
    static final int MAX_BINS = 1 << 20;

    private final int bins;
    private final double maxLogit;
    private final double binsPerLogit;
    private final long[] positives;
    private final long[] negatives;
    private long positiveCount;
    private long negativeCount;

    /**
     * {@value #DEFAULT_BINS} bins over logit [-{@value #DEFAULT_MAX_LOGIT}, {@value
     * #DEFAULT_MAX_LOGIT}].
     */
    public BinnedAuc() {
        this(DEFAULT_BINS, DEFAULT_MAX_LOGIT);
    }

    /**
     * @param bins number of equal-width bins, in [2, 2^20]
     * @param maxLogit the bins cover logit [-maxLogit, maxLogit]; finite and positive
     */
    public BinnedAuc(int bins, double maxLogit) {
        if (bins < 2 || bins > MAX_BINS) {
            throw new IllegalArgumentException(
                    String.format("bins must be in [2, %d], got %d", MAX_BINS, bins));
        }
        if (!(maxLogit > 0.0) || Double.isInfinite(maxLogit)) {
            throw new IllegalArgumentException(
                    String.format("maxLogit must be finite and positive, got %s", maxLogit));
        }
        this.bins = bins;
        this.maxLogit = maxLogit;
        this.binsPerLogit = bins / (2.0 * maxLogit);
        this.positives = new long[bins];
        this.negatives = new long[bins];
    }

    @Override
    public void add(double probability, int label) {
        MetricArguments.checkProbability(probability);
        MetricArguments.checkLabel(label);
        int bin = bin(probability);
        if (label == 1) {
            positives[bin]++;
            positiveCount++;
        } else {
            negatives[bin]++;
            negativeCount++;
        }
    }

    /**
     * Takes back one {@link #add} of the same probability and label, for a sliding window whose
     * eldest example leaves; the counts are integers, so adding and removing are exact.
     *
     * @throws IllegalStateException if no such example was added
     */
    void remove(double probability, int label) {
        MetricArguments.checkProbability(probability);
        MetricArguments.checkLabel(label);
        int bin = bin(probability);
        long[] counts = label == 1 ? positives : negatives;
        if (counts[bin] == 0) {
            throw new IllegalStateException(
                    String.format(
                            "no example of label %d was added in the bin of probability %s",
                            label, probability));
        }
        counts[bin]--;
        if (label == 1) {
            positiveCount--;
        } else {
            negativeCount--;
        }
    }

    /** The bin of a probability already checked to lie in [0, 1]. */
    int bin(double probability) {
        // log(p) - log1p(-p) keeps precision for small p, where log(p / (1 - p)) would not.
        // p = 0 gives -Infinity and p = 1 gives +Infinity; both clamp below.
        double logit = Math.log(probability) - Math.log1p(-probability);
        double position = Math.floor((logit + maxLogit) * binsPerLogit);
        if (position <= 0.0) {
            return 0;
        }
        return position >= bins ? bins - 1 : (int) position;
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random
     * negative, ties counting one half. NaN while either class has no example.
     */
    public double auc() {
        if (positiveCount == 0 || negativeCount == 0) {
            return Double.NaN;
        }
        // Walk the bins from low to high score: each positive beats every negative in lower bins
        // and ties with the negatives in its own bin. Doubles, because the pair count can exceed
        // a long (2^31 positives times 2^33 negatives) long before the counts themselves do.
        double pairsWon = 0.0;
        long negativesBelow = 0;
        for (int b = 0; b < bins; b++) {
            if (positives[b] != 0) {
                pairsWon += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            }
            negativesBelow += negatives[b];
        }
        return pairsWon / ((double) positiveCount * (double) negativeCount);
    }

    /** Number of positive examples recorded. */
    public long positives() {
        return positiveCount;
    }

    /** Number of negative examples recorded. */
    public long negatives() {
        return negativeCount;
    }

    @Override
    public long count() {
        return positiveCount + negativeCount;
    }

    /** Number of bins. */
    public int bins() {
        return bins;
    }

    /** Half-width of the logit range the bins cover. */
    public double maxLogit() {
        return maxLogit;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the two histograms are binned differently
     */
    @Override
    public void merge(BinnedAuc other) {
        if (other.bins != bins || Double.compare(other.maxLogit, maxLogit) != 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "cannot merge a BinnedAuc of %d bins over [-%s, %s] into one of %d bins"
                                    + " over [-%s, %s]",
                            other.bins, other.maxLogit, other.maxLogit, bins, maxLogit, maxLogit));
        }
        for (int b = 0; b < bins; b++) {
            positives[b] += other.positives[b];
            negatives[b] += other.negatives[b];
        }
        positiveCount += other.positiveCount;
        negativeCount += other.negativeCount;
    }

    @Override
    public BinnedAuc copy() {
        BinnedAuc copy = new BinnedAuc(bins, maxLogit);
        copy.merge(this);
        return copy;
    }

    /**
     * Writes the binning and the non-empty bins only: a histogram over a real stream fills a few
     * hundred of its bins, so checkpoints stay small. Counts are variable-length encoded.
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(bins);
        out.writeDouble(maxLogit);
        int nonEmpty = 0;
        for (int b = 0; b < bins; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                nonEmpty++;
            }
        }
        out.writeInt(nonEmpty);
        int previous = -1;
        for (int b = 0; b < bins; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                VarLongs.write(out, b - previous);
                VarLongs.write(out, positives[b]);
                VarLongs.write(out, negatives[b]);
                previous = b;
            }
        }
    }

    /** Reads what {@link #writeTo} wrote, rejecting anything inconsistent. */
    static BinnedAuc readFrom(DataInput in) throws IOException {
        int bins = in.readInt();
        double maxLogit = in.readDouble();
        BinnedAuc auc = new BinnedAuc(bins, maxLogit);
        int nonEmpty = in.readInt();
        if (nonEmpty < 0 || nonEmpty > bins) {
            throw new IllegalArgumentException(
                    String.format(
                            "corrupt BinnedAuc state: %d non-empty bins of %d", nonEmpty, bins));
        }
        long bin = -1;
        for (int i = 0; i < nonEmpty; i++) {
            bin += VarLongs.read(in);
            long pos = VarLongs.read(in);
            long neg = VarLongs.read(in);
            if (bin >= bins || (pos == 0 && neg == 0)) {
                throw new IllegalArgumentException(
                        String.format(
                                "corrupt BinnedAuc state: entry %d names bin %d of %d with counts"
                                        + " %d/%d",
                                i, bin, bins, pos, neg));
            }
            auc.positives[(int) bin] = pos;
            auc.negatives[(int) bin] = neg;
            auc.positiveCount = Math.addExact(auc.positiveCount, pos);
            auc.negativeCount = Math.addExact(auc.negativeCount, neg);
        }
        return auc;
    }

    /** Per-bin counts, for tests. */
    long[] positiveHistogram() {
        return Arrays.copyOf(positives, bins);
    }

    long[] negativeHistogram() {
        return Arrays.copyOf(negatives, bins);
    }
}
