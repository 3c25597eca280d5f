package dev.flowrec.cli.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import picocli.CommandLine.Option;

/** {@code --jobmanager HOST:PORT}: the REST address of a Flink cluster's JobManager. */
final class JobManagerOption {
    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description = "REST address of the Flink JobManager, e.g. localhost:8081")
    String address;

    boolean isSet() {
        return address != null;
    }

    String host() {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(
                    "--jobmanager must be HOST:PORT, e.g. localhost:8081; got " + address);
        }
        return address.substring(0, colon);
    }

    int port() {
        host();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    String url() {
        return "http://" + host() + ":" + port();
    }

    /** A client configuration that reaches this JobManager's REST API. */
    Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, host());
        conf.set(RestOptions.PORT, port());
        return conf;
    }
}
