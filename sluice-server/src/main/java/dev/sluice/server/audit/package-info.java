/** The append-only audit log of every state-changing call: who (token name), what, target, when, outcome. */
package dev.sluice.server.audit;
