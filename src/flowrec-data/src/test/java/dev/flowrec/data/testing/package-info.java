/** Test infrastructure of the data module: a report of the tests that did not run, and why. */
package dev.flowrec.data.testing;
