// Package store is dgen's model of the source database: the three tables
// and dgen's bookkeeping (the ledger, the preload progress), and every
// operation dgen runs on them (init, drop, insert, update, delete, info,
// data, ledger, preload, the run workload, prepare), each change written
// with its ledger entry in one transaction, exact also while other
// sessions write the same tables (atomic.go).
//
// What differs between engines is behind the Dialect interface, which each
// engine package (store/oracle, store/postgres) implements; optional
// capabilities (BulkLoader, Preparer, SchemaNamer, RawScanner) are found by
// interface assertion. The store must not know which engine it talks to:
// no engine names, no driver packages, no engine packages. Nor does it
// know flags, environment variables, exit codes or the terminal: those are
// the cli package's.
package store
