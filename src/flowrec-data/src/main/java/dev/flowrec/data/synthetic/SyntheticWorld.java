package dev.flowrec.data.synthetic;

import dev.flowrec.data.synthetic.Sampling.Discrete;
import java.util.SplittableRandom;

/**
 * The fixed part of the synthetic data: users, items and the true click and conversion models.
 *
 * <p>Per impression (user u, item i, scenario s, device d, price p) and task t the logit is {@code
 * base[s][t] + sum over groups g of WEIGHTS[s][t][g] * effect_g}, with the groups of {@link
 * EffectGroup}. The click logit gives P(click); the conversion logit gives P(conversion | click),
 * so the per-impression conversion probability is their product. Factor vectors have entries of
 * variance {@code 1 / sqrt(dim)}, so every factor match {@code u . (M v)} has variance about 1
 * whatever the dimension. The bases are not constants: they are solved for at build time so that
 * each scenario's mean rates hit {@link #CLICK_RATE} and {@link #CONVERSION_RATE} over the
 * impression distribution, however the weights are tuned.
 */
final class SyntheticWorld {
    static final int SCENARIOS = 3;
    static final int TASKS = 2;
    static final int CLICK = 0;
    static final int CONVERSION = 1;
    static final int SEGMENTS = 6;
    static final int CATEGORIES = 24;
    static final String[] DEVICES = {"ios", "android", "web"};

    /** Share of impressions per scenario: feed, search, detail. */
    static final double[] SCENARIO_SHARE = {0.5, 0.3, 0.2};

    /** Target mean P(click) per scenario. */
    static final double[] CLICK_RATE = {0.06, 0.15, 0.10};

    /** Target mean P(click and conversion) per impression, per scenario. */
    static final double[] CONVERSION_RATE = {0.012, 0.04, 0.03};

    /**
     * Weight of each {@link EffectGroup} (in enum order) per scenario and task. The zeros are the
     * pure-noise flows: search clicks ignore the shared taste (a query decides), feed clicks have
     * no click-specific effect, detail conversions ignore what is specific to the detail page.
     */
    static final double[][][] WEIGHTS = {
        {{0.9, 0.7, 0.0, 0.4}, {0.6, 0.5, 0.9, 0.4}}, // feed: click, conversion
        {{0.0, 1.0, 0.7, 0.4}, {0.6, 0.6, 0.9, 0.4}}, // search
        {{0.8, 0.8, 0.6, 0.4}, {0.6, 0.0, 1.0, 0.4}}, // detail
    };

    /**
     * Latent user x item matches are scaled down against main effects (user propensity, item
     * attractiveness, segment x category affinity): in real logs per-user and per-item rates carry
     * much of the signal, and a stream model sees each user only a few times, so a world made only
     * of bilinear matches would be learnable by nothing short of a factorisation model.
     */
    static final double MATCH_SCALE = 0.6;

    /** Spread of each user's overall propensity to respond, shared by every scenario and task. */
    static final double USER_PROPENSITY_SD = 0.8;

    /** Share of impressions shown on the user's usual device. */
    private static final double USUAL_DEVICE_SHARE = 0.8;

    /** Price discounts and their probabilities: a per-impression price the item id cannot know. */
    private static final double[] DISCOUNTS = {0.0, 0.1, 0.3};

    private static final double[] DISCOUNT_SHARE = {0.7, 0.2, 0.1};

    /** Log price around which price sensitivity is centred (prices near e^3 = 20). */
    private static final double LOG_PRICE_CENTRE = 3.0;

    /** Impressions sampled per scenario to solve for the bases. */
    private static final int CALIBRATION_SAMPLES = 20_000;

    // Item-side projections, in this order, each `dim` long: v itself, R_s v per scenario,
    // K_t v per task, R_st v per cell. Projecting items rather than users keeps this table small.
    private static final int PROJ_SHARED = 0;
    private static final int PROJ_SCENARIO = 1;
    private static final int PROJ_TASK = PROJ_SCENARIO + SCENARIOS;
    private static final int PROJ_CELL = PROJ_TASK + TASKS;
    private static final int PROJECTIONS = PROJ_CELL + SCENARIOS * TASKS;

    final int users;
    final int items;
    private final int dim;
    private final double[] userFactors;
    final int[] userSegment;
    private final int[] userDevice;
    private final Discrete userActivity;
    private final double[] itemProjections;
    final int[] itemCategory;
    private final double[] itemBasePrice;
    private final double[] itemAttractiveness;
    private final double[] userPropensity;
    private final double[] itemQuality;
    private final Discrete itemPopularity;
    private final Discrete scenarioMix;
    private final Discrete discount;
    private final double[][][] affinity; // [scenario][segment][category]
    private final double[][] deviceEffect; // [scenario][device]
    private final double[] priceSensitivity; // [segment]
    private final double[][] base = new double[SCENARIOS][TASKS];

    /** Seed of every event stream: its own stream, fixed by the configured seed. */
    final long eventSeed;

    SyntheticWorld(SyntheticConfig config) {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom random = root.split();
        SplittableRandom calibration = root.split();
        eventSeed = root.nextLong();
        users = config.users();
        items = config.items();
        dim = config.latentDimension();
        double factorSd = Math.pow(dim, -0.25); // variance 1/sqrt(dim)

        userFactors = gaussians(random, users * dim, factorSd);
        userSegment = new int[users];
        userDevice = new int[users];
        for (int u = 0; u < users; u++) {
            userSegment[u] = random.nextInt(SEGMENTS);
            userDevice[u] = random.nextInt(DEVICES.length);
        }
        userActivity = Discrete.zipf(users, 0.6, random);
        userPropensity = gaussians(random, users, USER_PROPENSITY_SD);

        itemProjections = projectItems(random, gaussians(random, items * dim, factorSd));
        itemCategory = new int[items];
        itemBasePrice = new double[items];
        double[] categoryLogPrice = gaussians(random, CATEGORIES, 0.7);
        for (int i = 0; i < items; i++) {
            itemCategory[i] = random.nextInt(CATEGORIES);
            itemBasePrice[i] =
                    Math.exp(
                            LOG_PRICE_CENTRE
                                    + categoryLogPrice[itemCategory[i]]
                                    + 0.5 * Sampling.gaussian(random));
        }
        itemAttractiveness = gaussians(random, items, 1.0);
        itemQuality = gaussians(random, items, 1.0);
        itemPopularity = Discrete.zipf(items, 0.9, random);
        scenarioMix = new Discrete(SCENARIO_SHARE);
        discount = new Discrete(DISCOUNT_SHARE);

        affinity = new double[SCENARIOS][SEGMENTS][];
        deviceEffect = new double[SCENARIOS][];
        for (int s = 0; s < SCENARIOS; s++) {
            for (int g = 0; g < SEGMENTS; g++) {
                affinity[s][g] = gaussians(random, CATEGORIES, 0.6);
            }
            deviceEffect[s] = gaussians(random, DEVICES.length, 0.3);
        }
        priceSensitivity = new double[SEGMENTS];
        for (int g = 0; g < SEGMENTS; g++) {
            priceSensitivity[g] = 0.3 + 0.9 * random.nextDouble();
        }
        calibrate(calibration);
    }

    private static double[] gaussians(SplittableRandom random, int n, double sd) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = sd * Sampling.gaussian(random);
        }
        return out;
    }

    /** Applies every random projection matrix (entries of variance 1/dim) to every item. */
    private double[] projectItems(SplittableRandom random, double[] factors) {
        double[] out = new double[items * PROJECTIONS * dim];
        double[][] matrices = new double[PROJECTIONS][];
        for (int m = 1; m < PROJECTIONS; m++) {
            matrices[m] = gaussians(random, dim * dim, 1.0 / Math.sqrt(dim));
        }
        for (int i = 0; i < items; i++) {
            int itemOffset = i * PROJECTIONS * dim;
            System.arraycopy(factors, i * dim, out, itemOffset + PROJ_SHARED * dim, dim);
            for (int m = 1; m < PROJECTIONS; m++) {
                for (int r = 0; r < dim; r++) {
                    double sum = 0.0;
                    for (int c = 0; c < dim; c++) {
                        sum += matrices[m][r * dim + c] * factors[i * dim + c];
                    }
                    out[itemOffset + m * dim + r] = sum;
                }
            }
        }
        return out;
    }

    /** Draws who sees what, where, on which device and at which price (scenario drawn first). */
    void sampleImpression(SplittableRandom random, Draw out) {
        out.scenario = scenarioMix.sample(random);
        sampleInScenario(random, out);
    }

    private void sampleInScenario(SplittableRandom random, Draw out) {
        out.user = userActivity.sample(random);
        out.item = itemPopularity.sample(random);
        out.device =
                random.nextDouble() < USUAL_DEVICE_SHARE
                        ? userDevice[out.user]
                        : random.nextInt(DEVICES.length);
        double price = itemBasePrice[out.item] * (1.0 - DISCOUNTS[discount.sample(random)]);
        out.price = Math.max(0.01, Math.round(price * 100.0) / 100.0); // whole cents, as shown
    }

    /** The logit of a task without its base. */
    double logitWithoutBase(Draw d, int task) {
        int s = d.scenario;
        double[] w = WEIGHTS[s][task];
        double shared = userPropensity[d.user] + MATCH_SCALE * match(d, PROJ_SHARED);
        double scenarioSpecific =
                MATCH_SCALE * match(d, PROJ_SCENARIO + s)
                        + affinity[s][userSegment[d.user]][itemCategory[d.item]]
                        + deviceEffect[s][d.device];
        double taskSpecific =
                task == CLICK
                        ? itemAttractiveness[d.item] + 0.7 * match(d, PROJ_TASK + CLICK)
                        : 0.6 * itemQuality[d.item]
                                + 0.7 * match(d, PROJ_TASK + CONVERSION)
                                - priceSensitivity[userSegment[d.user]]
                                        * (Math.log(d.price) - LOG_PRICE_CENTRE);
        double cellSpecific = MATCH_SCALE * match(d, PROJ_CELL + s * TASKS + task);
        return w[0] * shared + w[1] * scenarioSpecific + w[2] * taskSpecific + w[3] * cellSpecific;
    }

    /** P(click) and P(conversion | click) of a drawn impression. */
    double probability(Draw d, int task) {
        return Sampling.sigmoid(base[d.scenario][task] + logitWithoutBase(d, task));
    }

    private double match(Draw d, int projection) {
        int u = d.user * dim;
        int v = (d.item * PROJECTIONS + projection) * dim;
        double sum = 0.0;
        for (int k = 0; k < dim; k++) {
            sum += userFactors[u + k] * itemProjections[v + k];
        }
        return sum;
    }

    /**
     * Solves, per scenario, for the click base giving mean P(click) = CLICK_RATE, then for the
     * conversion base giving mean P(click) P(conversion | click) = CONVERSION_RATE. Both means
     * increase monotonically in the base, so bisection converges.
     */
    private void calibrate(SplittableRandom random) {
        Draw d = new Draw();
        double[] click = new double[CALIBRATION_SAMPLES];
        double[] conversion = new double[CALIBRATION_SAMPLES];
        for (int s = 0; s < SCENARIOS; s++) {
            for (int n = 0; n < CALIBRATION_SAMPLES; n++) {
                d.scenario = s;
                sampleInScenario(random, d);
                click[n] = logitWithoutBase(d, CLICK);
                conversion[n] = logitWithoutBase(d, CONVERSION);
            }
            double clickBase = solveBase(click, null, CLICK_RATE[s]);
            double[] pClick = new double[CALIBRATION_SAMPLES];
            for (int n = 0; n < CALIBRATION_SAMPLES; n++) {
                pClick[n] = Sampling.sigmoid(clickBase + click[n]);
            }
            base[s][CLICK] = clickBase;
            base[s][CONVERSION] = solveBase(conversion, pClick, CONVERSION_RATE[s]);
        }
    }

    /** The b with mean over n of factor[n] * sigmoid(b + logits[n]) = target (factor 1 if null). */
    private static double solveBase(double[] logits, double[] factor, double target) {
        double low = -30.0;
        double high = 30.0;
        for (int iteration = 0; iteration < 60; iteration++) {
            double mid = 0.5 * (low + high);
            double sum = 0.0;
            for (int n = 0; n < logits.length; n++) {
                sum += (factor == null ? 1.0 : factor[n]) * Sampling.sigmoid(mid + logits[n]);
            }
            if (sum / logits.length < target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }

    /** One drawn impression context; mutable and reused to avoid garbage per impression. */
    static final class Draw {
        int scenario;
        int user;
        int item;
        int device;
        double price;
    }
}
