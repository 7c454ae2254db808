"""Retry a flaky operation with exponential backoff and jitter.

Network calls, database connections and cloud APIs sometimes fail for
reasons that fix themselves a moment later: a dropped packet, a busy
server, a brief rate limit. Retrying immediately tends to make things
worse, because every client hammers the struggling service at once.
Waiting longer after each failure, and adding randomness to the wait,
spreads the retries out and gives the service room to recover.
"""

import random
import time
from typing import Callable, Tuple, Type, TypeVar

T = TypeVar("T")


def retry_with_backoff(
    operation: Callable[[], T],
    max_attempts: int = 5,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    retry_on: Tuple[Type[BaseException], ...] = (Exception,),
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``operation`` until it succeeds or the attempts run out.

    The delay before retry ``n`` grows exponentially: ``base_delay * 2**n``,
    capped at ``max_delay`` so that a long outage never produces absurd
    waits. We then use "full jitter": the actual sleep is a random value
    between zero and that cap. Without jitter, clients that failed at the
    same moment would all retry at the same moment too, creating a
    synchronized "thundering herd" that can knock the service over again.

    Only exceptions listed in ``retry_on`` are retried. Anything else, such
    as a validation error, is a bug rather than a transient fault, so it is
    raised straight away. The ``sleep`` argument exists so tests can pass a
    fake clock instead of actually waiting.

    Raises the last exception if every attempt fails.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    for attempt in range(max_attempts):
        try:
            return operation()
        except retry_on:
            # Out of attempts: let the caller see the real error.
            if attempt == max_attempts - 1:
                raise
            cap = min(max_delay, base_delay * (2 ** attempt))
            sleep(random.uniform(0, cap))

    # Unreachable: the loop either returns or raises.
    raise RuntimeError("retry loop exited unexpectedly")


if __name__ == "__main__":
    calls = {"count": 0}

    def flaky() -> str:
        """Fail twice, then succeed, to demonstrate the retry loop."""
        calls["count"] += 1
        if calls["count"] < 3:
            raise ConnectionError("temporary network glitch")
        return "connected"

    print(retry_with_backoff(flaky, base_delay=0.1), "after", calls["count"], "tries")
