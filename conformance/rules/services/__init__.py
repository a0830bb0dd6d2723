"""Rules per REACH service feature beyond OCR: one module per service, named as the demo seed's catalog item key
(`captions`, `translation`, …), each judging only the tasks that ordered that item."""
