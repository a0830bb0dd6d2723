"""The reference OCR vendor: polls REACH for OCR tasks, reads the video, and delivers the OCR insight."""
