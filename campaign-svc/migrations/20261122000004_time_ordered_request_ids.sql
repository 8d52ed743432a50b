-- Time-ordered request ids (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then 74
-- random bits). A random (v4) id lands on a random leaf of grants_pkey, so a ledger run of a
-- million grants touches every page of an index that outgrows memory as the table grows; a v7 id
-- lands at the right-hand edge, where the last run's pages already are. The relay, the results
-- consumer and the reconciler all work on recent grants, so their lookups stay on recent pages
-- too. Uniqueness still comes from the 74 random bits (and the primary key); campaign-svc makes
-- the same kind of id with `Uuid::now_v7()` for API grants and retries. Ids already issued (v4)
-- stay valid: nothing reads meaning into an id.
CREATE FUNCTION grant_request_id() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
