//! The Pub/Sub plumbing against the real emulator.

use shared::pubsub::{Pipe, PubSub, SubscriberOptions, run_subscriber};
use shared::shutdown::Shutdown;
use shared::testkit::{self, wait_until};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn pipe() -> Pipe {
    let topic = testkit::unique_id("topic");
    Pipe::named(&topic, &format!("{topic}-sub"), &format!("{topic}-dlq"))
}

#[tokio::test]
async fn provisioning_twice_is_harmless_and_messages_flow_with_attributes() {
    let bus = PubSub::connect(&testkit::pubsub_config(), 2).await.unwrap();
    let pipe = pipe();
    bus.provision(&pipe).await.unwrap();
    bus.provision(&pipe).await.unwrap();
    bus.probe(&pipe.topic, Duration::from_secs(2))
        .await
        .unwrap();

    let publisher = bus
        .publisher(&pipe.topic, Duration::from_secs(10))
        .await
        .unwrap();
    let ids = publisher
        .publish_all(
            (0..20)
                .map(|i| {
                    let attrs = HashMap::from([("n".to_string(), i.to_string())]);
                    (format!("message {i}").into_bytes(), attrs)
                })
                .collect(),
        )
        .await;
    assert!(ids.iter().all(Result::is_ok));

    let seen = Arc::new(Mutex::new(Vec::new()));
    let shutdown = Shutdown::new();
    let sub = {
        let seen = seen.clone();
        let shutdown = shutdown.clone();
        let subscriber = bus.subscriber().clone();
        let options = SubscriberOptions {
            subscription: bus.subscription_path(&pipe.subscription),
            streams: 2,
            max_in_flight: 8,
        };
        tokio::spawn(async move {
            run_subscriber(&subscriber, options, shutdown, move |m, h| {
                let seen = seen.clone();
                async move {
                    seen.lock()
                        .unwrap()
                        .push((m.data.to_vec(), m.attributes.clone()));
                    h.ack();
                }
            })
            .await
        })
    };
    wait_until("20 messages", Duration::from_secs(30), || {
        seen.lock().unwrap().len() >= 20
    })
    .await;
    shutdown.trigger();
    sub.await.unwrap();
    let seen = seen.lock().unwrap();
    for (data, attrs) in seen.iter() {
        assert_eq!(
            String::from_utf8_lossy(data),
            format!("message {}", attrs["n"])
        );
    }
}

#[tokio::test]
async fn oversized_publish_is_refused_before_it_reaches_the_bus() {
    let bus = PubSub::connect(&testkit::pubsub_config(), 1).await.unwrap();
    let pipe = pipe();
    bus.provision(&pipe).await.unwrap();
    let publisher = bus
        .publisher(&pipe.topic, Duration::from_secs(5))
        .await
        .unwrap();
    let err = publisher
        .publish(
            vec![b'x'; shared::grant::MAX_MESSAGE_BYTES + 1],
            HashMap::new(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, shared::pubsub::BusError::TooLarge(_)));
}

#[tokio::test]
async fn a_message_nacked_five_times_lands_on_the_dead_letter_subscription() {
    let bus = PubSub::connect(&testkit::pubsub_config(), 1).await.unwrap();
    let pipe = pipe();
    bus.provision(&pipe).await.unwrap();
    let publisher = bus
        .publisher(&pipe.topic, Duration::from_secs(10))
        .await
        .unwrap();
    publisher
        .publish(b"poison".to_vec(), HashMap::new())
        .await
        .unwrap();

    let shutdown = Shutdown::new();
    let attempts = Arc::new(Mutex::new(0));
    let nacker = {
        let attempts = attempts.clone();
        let subscriber = bus.subscriber().clone();
        let options = SubscriberOptions {
            subscription: bus.subscription_path(&pipe.subscription),
            streams: 1,
            max_in_flight: 1,
        };
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            run_subscriber(&subscriber, options, shutdown, move |_m, h| {
                let attempts = attempts.clone();
                async move {
                    *attempts.lock().unwrap() += 1;
                    h.nack();
                }
            })
            .await
        })
    };
    let dead = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let dead = dead.clone();
        let subscriber = bus.subscriber().clone();
        let options = SubscriberOptions {
            subscription: bus.subscription_path(&pipe.dead_letter_subscription()),
            streams: 1,
            max_in_flight: 1,
        };
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            run_subscriber(&subscriber, options, shutdown, move |m, h| {
                let dead = dead.clone();
                async move {
                    dead.lock().unwrap().push(m.data.to_vec());
                    h.ack();
                }
            })
            .await
        })
    };
    wait_until("the dead-lettered message", Duration::from_secs(90), || {
        !dead.lock().unwrap().is_empty()
    })
    .await;
    shutdown.trigger();
    nacker.await.unwrap();
    reader.await.unwrap();
    assert_eq!(dead.lock().unwrap()[0], b"poison");
    assert!(*attempts.lock().unwrap() >= 5);
}
