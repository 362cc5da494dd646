"""Other frameworks' formats: ONNX models in and out, PyTorch code out."""
