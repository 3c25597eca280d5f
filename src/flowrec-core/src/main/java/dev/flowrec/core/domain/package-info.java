/** Domain vocabulary shared by every module: scenarios, tasks and their cells. */
package dev.flowrec.core.domain;
