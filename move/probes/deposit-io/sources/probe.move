/// IO probe (issue 16): `run` does one part of paying a grant for every recipient, so the
/// FeeStatements of runs to 100 and 200 recipients show what that part costs a grant. Modes:
/// 0 nothing; 1 `mint` + `primary_fungible_store::deposit` (what `move/jobs` does); 2
/// `ensure_primary_store_exists` + `mint_to`; 3 the same + `deposit_with_ref`; 4
/// `primary_store_exists` only; 5 `address_to_object<FungibleStore>` only; 6
/// `address_to_object<ObjectCore>` + `deposit_with_ref`; 7 mint into the publisher's store; 8
/// `primary_fungible_store::balance`; 9 a `GrantPaid`-shaped event; 10 mode 1 + that event; 11
/// `object_exists<FungibleStore>` + `address_to_object` (else `create_primary_store`) +
/// `dispatchable_fungible_asset::deposit` (`move/experiments/object-first`); 12 the same with
/// `mint_to` (`move/experiments/direct-deposit`); 13 as 11 with `is_object`. Not part of the
/// product: `move/probes/deposit-io/probe.sh` runs it.
module probe_addr::probe {
    use std::option;
    use std::string;
    use std::vector;
    use aptos_framework::fungible_asset::{Self, Metadata, MintRef, TransferRef, FungibleStore};
    use aptos_framework::object::{Self, Object, ObjectCore};
    use aptos_framework::primary_fungible_store;
    use aptos_framework::event;
    use aptos_framework::dispatchable_fungible_asset;

    struct Refs has key { mint_ref: MintRef, transfer_ref: TransferRef, metadata: Object<Metadata> }

    #[event]
    struct GrantPaid has drop, store { job_id: u64, grant_id: vector<u8>, recipient: address, amount: u64 }

    fun init_module(publisher: &signer) {
        let c = &object::create_named_object(publisher, b"PROBE");
        primary_fungible_store::create_primary_store_enabled_fungible_asset(
            c, option::none(), string::utf8(b"P"), string::utf8(b"P"), 8, string::utf8(b""), string::utf8(b""));
        move_to(publisher, Refs {
            mint_ref: fungible_asset::generate_mint_ref(c),
            transfer_ref: fungible_asset::generate_transfer_ref(c),
            metadata: object::object_from_constructor_ref<Metadata>(c),
        });
    }

    public entry fun run(_s: &signer, recipients: vector<address>, mode: u8) acquires Refs {
        let r = borrow_global<Refs>(@probe_addr);
        let n = vector::length(&recipients);
        let i = 0;
        let sink = 0;
        while (i < n) {
            let to = *vector::borrow(&recipients, i);
            if (mode == 1) {
                primary_fungible_store::deposit(to, fungible_asset::mint(&r.mint_ref, 1));
            } else if (mode == 2) {
                let store = primary_fungible_store::ensure_primary_store_exists(to, r.metadata);
                fungible_asset::mint_to(&r.mint_ref, store, 1);
            } else if (mode == 3) {
                let store = primary_fungible_store::ensure_primary_store_exists(to, r.metadata);
                fungible_asset::deposit_with_ref(&r.transfer_ref, store, fungible_asset::mint(&r.mint_ref, 1));
            } else if (mode == 4) {
                // existence only (FungibleStore member)
                if (primary_fungible_store::primary_store_exists(to, r.metadata)) sink = sink + 1;
            } else if (mode == 5) {
                // address_to_object<FungibleStore>: ObjectCore + FungibleStore
                let a = primary_fungible_store::primary_store_address(to, r.metadata);
                let o = object::address_to_object<FungibleStore>(a);
                if (object::object_address(&o) == @0x0) sink = sink + 1;
            } else if (mode == 6) {
                // address_to_object<ObjectCore> + deposit_with_ref: ObjectCore then FungibleStore
                let a = primary_fungible_store::primary_store_address(to, r.metadata);
                let o = object::address_to_object<ObjectCore>(a);
                fungible_asset::deposit_with_ref(&r.transfer_ref, o, fungible_asset::mint(&r.mint_ref, 1));
            } else if (mode == 7) {
                // mint only, deposited back to the publisher's store each time
                primary_fungible_store::deposit(@probe_addr, fungible_asset::mint(&r.mint_ref, 1));
            } else if (mode == 8) {
                // read the balance (FungibleStore + ObjectCore via primary_store)
                sink = sink + primary_fungible_store::balance(to, r.metadata);
            } else if (mode == 9) {
                // event only, as GrantPaid
                event::emit(GrantPaid { job_id: 1, grant_id: x"0102030405060708090a0b0c0d0e0f10", recipient: to, amount: 1 });
            } else if (mode == 11 || mode == 12 || mode == 13) {
                let a = primary_fungible_store::primary_store_address(to, r.metadata);
                let there = if (mode == 13) object::is_object(a) else object::object_exists<FungibleStore>(a);
                let store = if (there) object::address_to_object<FungibleStore>(a)
                    else primary_fungible_store::create_primary_store(to, r.metadata);
                if (mode == 12) fungible_asset::mint_to(&r.mint_ref, store, 1)
                else dispatchable_fungible_asset::deposit(store, fungible_asset::mint(&r.mint_ref, 1));
            } else if (mode == 10) {
                // the whole current grant: deposit + GrantPaid
                primary_fungible_store::deposit(to, fungible_asset::mint(&r.mint_ref, 1));
                event::emit(GrantPaid { job_id: 1, grant_id: x"0102030405060708090a0b0c0d0e0f10", recipient: to, amount: 1 });
            };
            i = i + 1;
        };
        if (sink == 12345678) abort 1;
    }
}
