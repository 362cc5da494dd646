"""Teaching: explanations, the chain rule over paths, gradient checks, predictions, quizzes."""
