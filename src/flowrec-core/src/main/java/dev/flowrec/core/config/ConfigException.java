package dev.flowrec.core.config;

/** A configuration value that is missing, unparsable or out of range. The message names the key. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException invalid(ConfigOption<?> option, String raw, String reason) {
        String shown = option.isSecret() ? "(hidden)" : "'" + raw + "'";
        String accepted = option.constraint().toString();
        return new ConfigException(
                "Invalid value "
                        + shown
                        + " for configuration key '"
                        + option.key()
                        + "': "
                        + reason
                        + (accepted.isEmpty() ? "" : " (accepted: " + accepted + ")"));
    }

    static ConfigException missing(ConfigOption<?> option) {
        return new ConfigException(
                "Missing required configuration key '"
                        + option.key()
                        + "': "
                        + option.description());
    }
}
