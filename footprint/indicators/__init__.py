"""Regulatory indicators: REEN monitoring indicators, AGEC spend, BEGES lines, and the
fleet of earlier years they are compared with."""
