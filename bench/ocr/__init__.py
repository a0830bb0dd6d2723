"""OCR benchmarks and the synthetic clips the OCR tests and benchmarks draw for themselves."""
