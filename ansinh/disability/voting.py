"""How the council decides (TT 01/2019/TT-BLĐTBXH Art 3; domain.md §7). Pure.

The council meets when at least 2/3 of its sitting members are present (the share is the dated
parameter `disability.council_quorum_share`); it concludes by majority of the members present,
and when the votes are equal the side of the chair wins (the chair's casting vote).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

# A share written with 4 decimals (0.6667 for 2/3) must not demand one member more than the
# fraction it stands for: 6 of 9 members is a quorum at 2/3.
_ROUNDING_SLACK = Decimal("0.01")


def quorum_needed(sitting: int, share: Decimal) -> int:
    """The least number of members present for the council to meet."""
    if sitting <= 0:
        return 1
    return max(1, math.ceil(Decimal(sitting) * share - _ROUNDING_SLACK))


@dataclass(frozen=True)
class Quorum:
    sitting: int
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.sitting > 0 and self.present >= self.needed

    def describe(self) -> str:
        verdict = "đủ" if self.met else "không đủ"
        return f"Có mặt {self.present}/{self.sitting} thành viên (cần ít nhất {self.needed}): {verdict} điều kiện họp."


def quorum(sitting: int, present: int, share: Decimal) -> Quorum:
    return Quorum(sitting=sitting, present=present, needed=quorum_needed(sitting, share))


class VoteError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class VoteResult:
    adopted: bool
    by_casting_vote: bool
    explanation: str


def vote(votes_for: int, votes_against: int, present: int, chair_casting_vote: bool | None) -> VoteResult:
    """Whether the proposed conclusion is adopted by the members present.

    `chair_casting_vote` is the side the chair took when the votes are equal (True: for)."""
    if votes_for < 0 or votes_against < 0:
        raise VoteError("votes_for", "Số phiếu không được âm.")
    if votes_for + votes_against > present:
        raise VoteError(
            "votes_for",
            f"Tổng số ý kiến ({votes_for + votes_against}) nhiều hơn số thành viên có mặt ({present}).",
        )
    if votes_for + votes_against == 0:
        raise VoteError("votes_for", "Chưa có ý kiến biểu quyết nào.")
    if votes_for > votes_against:
        return VoteResult(True, False, f"{votes_for}/{present} thành viên có mặt đồng ý: kết luận được thông qua.")
    if votes_for < votes_against:
        return VoteResult(
            False, False, f"{votes_against}/{present} thành viên có mặt không đồng ý: kết luận không được thông qua."
        )
    if chair_casting_vote is None:
        raise VoteError(
            "chair_casting_vote", "Số ý kiến đồng ý và không đồng ý bằng nhau: hãy ghi ý kiến của Chủ tịch Hội đồng."
        )
    side = "đồng ý" if chair_casting_vote else "không đồng ý"
    verdict = "được thông qua" if chair_casting_vote else "không được thông qua"
    return VoteResult(
        chair_casting_vote,
        True,
        f"Ngang phiếu ({votes_for} – {votes_against}); Chủ tịch Hội đồng {side}: kết luận {verdict}.",
    )
