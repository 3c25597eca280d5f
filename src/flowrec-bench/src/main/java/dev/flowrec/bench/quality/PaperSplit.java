package dev.flowrec.bench.quality;

import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensBatches;
import dev.flowrec.data.movielens.MovieLensFiles;
import dev.flowrec.data.movielens.MovieLensHistory;
import dev.flowrec.data.movielens.MovieLensSplit;
import dev.flowrec.data.movielens.MovieLensVocabulary;
import dev.flowrec.models.ModelSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * MovieLens-1M on the AutoIFS paper split with its 8-field vocabulary: what B1 and B4 train and
 * score on.
 */
public record PaperSplit(
        MovieLens1m ratings,
        MovieLensSplit split,
        MovieLensVocabulary vocabulary,
        MovieLensBatches batches) {

    public static PaperSplit load(Path data) throws IOException {
        MovieLensFiles files = MovieLensFiles.at(data);
        MovieLens1m ratings = MovieLens1m.load(files);
        MovieLensSplit split = MovieLensSplit.autoIfs(ratings, files);
        MovieLensVocabulary vocabulary = MovieLensVocabulary.of(ratings);
        return new PaperSplit(
                ratings, split, vocabulary, new MovieLensBatches(ratings, vocabulary));
    }

    /**
     * The batches a model with these settings reads: with behaviour sequences from the training
     * split's clicks and likes when its features name sequences (DTRN), else {@link #batches()}.
     */
    public MovieLensBatches batchesFor(ModelSettings settings) {
        if (settings.features().behaviours() == 0) {
            return batches;
        }
        if (!settings.features().sequences().equals(MovieLensHistory.BEHAVIOURS)) {
            throw new IllegalArgumentException(
                    "MovieLens batches carry the sequences "
                            + MovieLensHistory.BEHAVIOURS
                            + ", not "
                            + settings.features().sequences());
        }
        return batches.withHistory(
                MovieLensHistory.of(
                        ratings,
                        vocabulary,
                        split.rows(MovieLensSplit.Part.TRAIN),
                        settings.features().sequenceLength()));
    }
}
