/**
 * Typed configuration. Each group ({@code kafka.*}, {@code labels.*}, {@code model.*}, {@code
 * snapshots.*}, {@code pipeline.*}) is a {@code *Options} class of {@link
 * dev.flowrec.core.config.ConfigOption} constants with their constraints; {@link
 * dev.flowrec.core.config.FlowRecConfig} validates a whole configuration at start, and {@link
 * dev.flowrec.core.config.ConfigurationDocs} generates {@code docs/configuration.md} from the
 * declarations. Trap: add a new options class to {@code FlowRecConfig.OPTION_CLASSES}, or its keys
 * are neither validated nor documented.
 */
package dev.flowrec.core.config;
