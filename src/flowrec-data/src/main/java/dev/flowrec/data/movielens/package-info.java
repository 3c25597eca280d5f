/**
 * MovieLens-1M prepared exactly as the AutoIFS and M3oE reference pipelines prepare it, for the B1
 * benchmark, and replayed as an event stream for the streaming benchmarks.
 *
 * <p>Main types: {@link dev.flowrec.data.movielens.MovieLens1m} (the joined ratings in primitive
 * arrays, loaded from {@link dev.flowrec.data.movielens.MovieLensFiles}), {@link
 * dev.flowrec.data.movielens.MovieLensSplit} (the AutoIFS random split read from its reference
 * file, and the M3oE positional split over the rebuilt pandas merge order), {@link
 * dev.flowrec.data.movielens.MovieLensVocabulary} (the 13,244-row AutoIFS embedding vocabulary),
 * {@link dev.flowrec.data.movielens.MovieLensBatches} (rows to model batches) and {@link
 * dev.flowrec.data.movielens.MovieLensReplay} (impressions and delayed feedback in time order, an
 * {@link dev.flowrec.data.stream.EventStream}).
 *
 * <p>Traps: the data is never in the repository; callers pass its folder at run time (by default
 * {@code ../shared/data}). A rating's <em>row</em> is its line in the original ratings.dat order,
 * not its position in either protocol's table. movies.dat is ISO-8859-1. Only users 1 to 2999 have
 * timestamps, so the replay covers only them, while the offline protocols, which ignore time, cover
 * everyone. The AutoIFS training order is part of the protocol (the reference never reshuffles);
 * the M3oE reference reshuffles every epoch. M3oE's own input (seven sparse fields plus age as a
 * dense value, 13,229 rows) is not built here: {@code Batch} has no dense slot, so both splits are
 * batched with the AutoIFS vocabulary.
 */
package dev.flowrec.data.movielens;
