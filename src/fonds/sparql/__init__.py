"""Public SPARQL: a guard in front of the engine, and killable query processes."""
