//! Eval: scores plan JSON against the gold annotations, field by field.
