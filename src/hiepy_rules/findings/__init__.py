"""From engine outcomes to what an analyst reads: findings, conflicts, precedence, fixes, waivers."""
