"""Scoring rules after 学习强国: pure arithmetic over what was already earned today."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tier:
    streak: int
    points: int


@dataclass(frozen=True, slots=True)
class ScoringRules:
    daily_points_per_correct: int = 1
    daily_max_points: int = 5
    challenge_tiers: tuple[Tier, ...] = (Tier(5, 3), Tier(10, 6))
    challenge_max_points: int = 6

    def daily_award(self, correct: bool, earned_today: int) -> int:
        """Points for one daily-quiz answer, never past the day's cap."""
        if not correct:
            return 0
        return max(0, min(self.daily_points_per_correct, self.daily_max_points - earned_today))

    def challenge_points(self, streak: int) -> int:
        """Points of the highest tier the streak reached."""
        return max((t.points for t in self.challenge_tiers if streak >= t.streak), default=0)

    def challenge_award(self, streak: int, earned_today: int) -> int:
        remaining = self.challenge_max_points - earned_today
        return max(0, min(self.challenge_points(streak), remaining))
