"""Grant priority: the four criteria (figures of the registry), the proposal per municipality, the offices'
confirmations, the year's schemes, and the funding rule for the offices."""
