"""The top of the house: the landing page, a person's dashboard, the demo seed and the daily job."""
