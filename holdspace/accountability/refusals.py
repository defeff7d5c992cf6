"""What an administrator reads when a change to the accountability settings is refused: the days for partners'
concerns are concerns' policy, so its words are concerns' own."""
from holdspace.concerns.refusals import REFUSALS as CONCERNS_REFUSALS

REFUSALS: dict[str, str] = {
    "response_days_out_of_range": CONCERNS_REFUSALS["response_days_out_of_range"],
}
