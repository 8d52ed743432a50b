//! This replica's share of the deliveries between leasing and attempting: the ones it has leased
//! and not yet attempted, waiting in a queue per endpoint, and the attempts it has in flight.
//!
//! The delivery loop leases ahead: up to twice an endpoint's in-flight bound is leased at once,
//! so when an attempt ends the next one to that endpoint starts from the queue here, without
//! waiting for a lease statement (a database round trip, several milliseconds under load, against
//! an attempt of a few milliseconds to a fast receiver). Attempts start in turn across endpoints
//! (round robin), at most `per_endpoint` in flight to one endpoint and `workers` in all, so a slow
//! receiver holds only its own share. A waiting delivery whose lease would end before an attempt
//! could finish is dropped, not attempted: its lease runs out and it is leased again (by any
//! replica), so nothing is attempted by two workers at once because it waited here too long.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A leased delivery waiting for a free slot.
struct Waiting<T> {
    item: T,
    lease_ends: Instant,
}

/// Leased deliveries not yet attempted, per endpoint, and attempts in flight.
pub(super) struct Dispatch<T> {
    workers: usize,
    per_endpoint: usize,
    queues: HashMap<Uuid, VecDeque<Waiting<T>>>,
    /// The endpoints with waiting deliveries, each once, in the order they take turns.
    turn: VecDeque<Uuid>,
    in_flight: HashMap<Uuid, usize>,
    running: usize,
    waiting: usize,
    expired: u64,
}

impl<T> Dispatch<T> {
    /// At most `workers` attempts in flight, `per_endpoint` of them to one endpoint.
    pub(super) fn new(workers: usize, per_endpoint: usize) -> Self {
        Self {
            workers: workers.max(1),
            per_endpoint: per_endpoint.max(1),
            queues: HashMap::new(),
            turn: VecDeque::new(),
            in_flight: HashMap::new(),
            running: 0,
            waiting: 0,
            expired: 0,
        }
    }

    /// Queues a delivery leased until `lease_ends` (as this replica's clock tells it: taken
    /// before the lease statement was sent, so never later than the database's).
    pub(super) fn add(&mut self, endpoint: Uuid, item: T, lease_ends: Instant) {
        let queue = self.queues.entry(endpoint).or_insert_with(|| {
            self.turn.push_back(endpoint);
            VecDeque::new()
        });
        queue.push_back(Waiting { item, lease_ends });
        self.waiting += 1;
    }

    /// The next delivery to attempt, counted in flight until [`Self::ended`]: the next endpoint
    /// in turn below its bound, while fewer than `workers` are in flight. Deliveries whose lease
    /// ends within `must_last` of `now` are dropped on the way ([`Self::take_expired`]).
    pub(super) fn next(&mut self, now: Instant, must_last: Duration) -> Option<(Uuid, T)> {
        let mut endpoints = self.turn.len();
        while self.running < self.workers && endpoints > 0 {
            endpoints -= 1;
            let endpoint = self.turn.pop_front()?;
            let Some(queue) = self.queues.get_mut(&endpoint) else {
                continue;
            };
            while queue
                .front()
                .is_some_and(|w| w.lease_ends < now + must_last)
            {
                queue.pop_front();
                self.waiting -= 1;
                self.expired += 1;
            }
            let flying = self.in_flight.get(&endpoint).copied().unwrap_or(0);
            let Some(waiting) = (flying < self.per_endpoint)
                .then(|| queue.pop_front())
                .flatten()
            else {
                if queue.is_empty() {
                    self.queues.remove(&endpoint);
                } else {
                    self.turn.push_back(endpoint);
                }
                continue;
            };
            self.waiting -= 1;
            if queue.is_empty() {
                self.queues.remove(&endpoint);
            } else {
                self.turn.push_back(endpoint);
            }
            *self.in_flight.entry(endpoint).or_default() += 1;
            self.running += 1;
            return Some((endpoint, waiting.item));
        }
        None
    }

    /// An attempt to `endpoint` has ended: its slot is free.
    pub(super) fn ended(&mut self, endpoint: Uuid) {
        if let Some(flying) = self.in_flight.get_mut(&endpoint) {
            *flying -= 1;
            if *flying == 0 {
                self.in_flight.remove(&endpoint);
            }
            self.running -= 1;
        }
    }

    /// How many more deliveries to lease: enough to fill every slot once more (in flight plus
    /// waiting up to twice `workers`).
    pub(super) fn room(&self) -> usize {
        (2 * self.workers).saturating_sub(self.running + self.waiting)
    }

    /// Per endpoint with any, its deliveries here: waiting and in flight (what the fan-out
    /// counts against an endpoint's lease window when it leases the deliveries it creates).
    pub(super) fn held(&self) -> HashMap<Uuid, usize> {
        let mut held = self.in_flight.clone();
        for (endpoint, queue) in &self.queues {
            *held.entry(*endpoint).or_default() += queue.len();
        }
        held
    }

    /// Attempts in flight.
    #[cfg(test)]
    fn running(&self) -> usize {
        self.running
    }

    /// Deliveries dropped since the last call because their lease was about to end.
    pub(super) fn take_expired(&mut self) -> u64 {
        std::mem::take(&mut self.expired)
    }

    /// Every waiting delivery whose lease still runs past `now + must_last` (to hand back on
    /// shutdown); the queues are emptied.
    pub(super) fn drain_waiting(&mut self, now: Instant, must_last: Duration) -> Vec<T> {
        self.turn.clear();
        self.waiting = 0;
        self.queues
            .drain()
            .flat_map(|(_, queue)| queue)
            .filter(|w| w.lease_ends >= now + must_last)
            .map(|w| w.item)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(60);

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::now_v7()).collect()
    }

    #[test]
    fn an_endpoint_never_has_more_than_its_bound_in_flight_and_a_slot_freed_starts_the_next() {
        let now = Instant::now();
        let endpoint = Uuid::now_v7();
        let mut d = Dispatch::new(100, 3);
        for i in 0..10 {
            d.add(endpoint, i, now + LONG);
        }
        let started: Vec<i32> = std::iter::from_fn(|| d.next(now, Duration::ZERO))
            .map(|(_, i)| i)
            .collect();
        assert_eq!(started, [0, 1, 2]);
        assert_eq!(d.running(), 3);
        d.ended(endpoint);
        assert_eq!(d.next(now, Duration::ZERO), Some((endpoint, 3)));
        assert_eq!(d.next(now, Duration::ZERO), None);
    }

    #[test]
    fn endpoints_take_turns_and_one_at_its_bound_does_not_hold_back_the_others() {
        let now = Instant::now();
        let e = ids(3);
        let mut d = Dispatch::new(100, 2);
        for i in 0..5 {
            d.add(e[0], (0, i), now + LONG);
        }
        d.add(e[1], (1, 0), now + LONG);
        d.add(e[2], (2, 0), now + LONG);
        d.add(e[2], (2, 1), now + LONG);
        let started: Vec<(usize, i32)> = std::iter::from_fn(|| d.next(now, Duration::ZERO))
            .map(|(_, item)| item)
            .collect();
        assert_eq!(started, [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1)]);
    }

    #[test]
    fn no_more_than_workers_run_at_once_and_room_counts_the_waiting() {
        let now = Instant::now();
        let e = ids(2);
        let mut d = Dispatch::new(3, 10);
        for endpoint in &e {
            d.add(*endpoint, (), now + LONG);
            d.add(*endpoint, (), now + LONG);
        }
        assert_eq!(d.room(), 2);
        assert_eq!(
            std::iter::from_fn(|| d.next(now, Duration::ZERO)).count(),
            3
        );
        assert_eq!((d.running(), d.room()), (3, 2));
        d.ended(e[0]);
        assert_eq!((d.running(), d.room()), (2, 3));
        assert!(d.next(now, Duration::ZERO).is_some());
        assert!(d.next(now, Duration::ZERO).is_none());
    }

    #[test]
    fn a_delivery_whose_lease_would_end_during_its_attempt_is_dropped_not_attempted() {
        let now = Instant::now();
        let endpoint = Uuid::now_v7();
        let mut d = Dispatch::new(10, 10);
        d.add(endpoint, "short", now + Duration::from_secs(5));
        d.add(endpoint, "long", now + LONG);
        assert_eq!(
            d.next(now, Duration::from_secs(15)),
            Some((endpoint, "long"))
        );
        assert_eq!(d.take_expired(), 1);
        assert_eq!(d.take_expired(), 0);
        assert_eq!(d.next(now, Duration::from_secs(15)), None);
        assert_eq!(d.room(), 19);
    }

    #[test]
    fn held_counts_each_endpoints_waiting_and_in_flight_deliveries() {
        let now = Instant::now();
        let e = ids(3);
        let mut d = Dispatch::new(10, 1);
        for i in 0..3 {
            d.add(e[0], i, now + LONG);
        }
        d.add(e[1], 9, now + LONG);
        assert!(d.next(now, Duration::ZERO).is_some());
        assert!(d.next(now, Duration::ZERO).is_some());
        let held = d.held();
        assert_eq!((held[&e[0]], held[&e[1]]), (3, 1));
        assert!(!held.contains_key(&e[2]));
        d.ended(e[1]);
        assert!(!d.held().contains_key(&e[1]));
    }

    #[test]
    fn on_shutdown_the_waiting_ones_still_leased_are_handed_back() {
        let now = Instant::now();
        let e = ids(2);
        let mut d = Dispatch::new(1, 1);
        d.add(e[0], 1, now + LONG);
        d.add(e[0], 2, now + LONG);
        d.add(e[1], 3, now + Duration::from_secs(1));
        assert_eq!(d.next(now, Duration::ZERO), Some((e[0], 1)));
        let mut back = d.drain_waiting(now, Duration::from_secs(5));
        back.sort();
        assert_eq!(back, [2]);
        assert_eq!(d.room(), 1);
        assert_eq!(d.next(now, Duration::ZERO), None);
    }
}
