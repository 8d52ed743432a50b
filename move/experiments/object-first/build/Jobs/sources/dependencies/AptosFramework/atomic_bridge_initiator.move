module aptos_framework::atomic_bridge_initiator {

    const EATOMIC_BRIDGE_DISABLED: u64 = 0x3073d;

    use aptos_framework::event::EventHandle;

    #[event]
    struct BridgeTransferInitiatedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        initiator: address,
        recipient: vector<u8>,
        amount: u64,
        hash_lock: vector<u8>,
        time_lock: u64,
    }

    #[event]
    struct BridgeTransferCompletedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        pre_image: vector<u8>,
    }

    #[event]
    struct BridgeTransferRefundedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
    }

    /// This struct will store the event handles for bridge events.
    struct BridgeInitiatorEvents has key, store {
        bridge_transfer_initiated_events: EventHandle<BridgeTransferInitiatedEvent>,
        bridge_transfer_completed_events: EventHandle<BridgeTransferCompletedEvent>,
        bridge_transfer_refunded_events: EventHandle<BridgeTransferRefundedEvent>,
    }

    /// Initializes the module and stores the `EventHandle`s in the resource.
    public fun initialize(_aptos_framework: &signer) {
  
    }

    /// Initiate a bridge transfer of ETH from Movement to the base layer
    /// Anyone can initiate a bridge transfer from the source chain
    /// The amount is burnt from the initiator
    public entry fun initiate_bridge_transfer(
        _initiator: &signer,
        _recipient: vector<u8>,
        _hash_lock: vector<u8>,
        _amount: u64
    ) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Bridge operator can complete the transfer
    public entry fun complete_bridge_transfer (
        _caller: &signer,
        _bridge_transfer_id: vector<u8>,
        _pre_image: vector<u8>,
    ) {
       abort EATOMIC_BRIDGE_DISABLED
    }

    /// Anyone can refund the transfer on the source chain once time lock has passed
    public entry fun refund_bridge_transfer (
        _caller: &signer,
        _bridge_transfer_id: vector<u8>,
    ) {
       abort EATOMIC_BRIDGE_DISABLED
    }

}

module aptos_framework::atomic_bridge_store {
    use std::vector;
    use aptos_std::smart_table::SmartTable;
    use aptos_framework::ethereum::EthereumAddress;
    use aptos_framework::timestamp;

    friend aptos_framework::atomic_bridge_counterparty;
    friend aptos_framework::atomic_bridge_initiator;

    #[test_only]
    use std::hash::sha3_256;

    /// Error codes
    const EINVALID_PRE_IMAGE : u64 = 0x1;
    const ENOT_PENDING_TRANSACTION : u64 = 0x2;
    const EEXPIRED : u64 = 0x3;
    const ENOT_EXPIRED : u64 = 0x4;
    const EINVALID_HASH_LOCK : u64 = 0x5;
    const EINVALID_TIME_LOCK : u64 = 0x6;
    const EZERO_AMOUNT : u64 = 0x7;
    const EINVALID_BRIDGE_TRANSFER_ID : u64 = 0x8;
    const EATOMIC_BRIDGE_NOT_ENABLED : u64 = 0x9;
    const EATOMIC_BRIDGE_DISABLED: u64 = 0x3073d;

    /// Transaction states
    const PENDING_TRANSACTION: u8 = 0x1;
    const COMPLETED_TRANSACTION: u8 = 0x2;
    const CANCELLED_TRANSACTION: u8 = 0x3;

    /// Minimum time lock of 1 second
    const MIN_TIME_LOCK : u64 = 1;
    const MAX_U64 : u64 = 0xFFFFFFFFFFFFFFFF;

    struct AddressPair<Initiator: store, Recipient: store> has store, copy {
        initiator: Initiator,
        recipient: Recipient,
    }

    /// A smart table wrapper
    struct SmartTableWrapper<K, V> has key, store {
        inner: SmartTable<K, V>,
    }

    /// Details on the transfer
    struct BridgeTransferDetails<Initiator: store, Recipient: store> has store, copy {
        addresses: AddressPair<Initiator, Recipient>,
        amount: u64,
        hash_lock: vector<u8>,
        time_lock: u64,
        state: u8,
    }

    struct Nonce has key {
        inner: u64
    }

    /// Initializes the initiators and counterparties tables and nonce.
    ///
    /// @param aptos_framework The signer for Aptos framework.
    public fun initialize(_aptos_framework: &signer) {
       abort EATOMIC_BRIDGE_DISABLED
    }

    /// Returns the current time in seconds.
    ///
    /// @return Current timestamp in seconds.
    fun now() : u64 {
        timestamp::now_seconds()
    }

    /// Creates a time lock by adding a duration to the current time.
    ///
    /// @param lock The duration to lock.
    /// @return The calculated time lock.
    /// @abort If lock is not above MIN_TIME_LOCK
    public(friend) fun create_time_lock(_time_lock: u64) : u64 {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Creates bridge transfer details with validation.
    ///
    /// @param initiator The initiating party of the transfer.
    /// @param recipient The receiving party of the transfer.
    /// @param amount The amount to be transferred.
    /// @param hash_lock The hash lock for the transfer.
    /// @param time_lock The time lock for the transfer.
    /// @return A `BridgeTransferDetails` object.
    /// @abort If the amount is zero or locks are invalid.
    public(friend) fun create_details<Initiator: store, Recipient: store>(_initiator: Initiator, _recipient: Recipient, _amount: u64, _hash_lock: vector<u8>, _time_lock: u64)
        : BridgeTransferDetails<Initiator, Recipient> {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Record details of a transfer
    ///
    /// @param bridge_transfer_id Bridge transfer ID.
    /// @param details The bridge transfer details
    public(friend) fun add<Initiator: store, Recipient: store>(_bridge_transfer_id: vector<u8>, _details: BridgeTransferDetails<Initiator, Recipient>) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Asserts that the time lock is valid.
    ///
    /// @param time_lock
    /// @abort If the time lock is invalid.
    fun assert_min_time_lock(_time_lock: u64) {
        assert!(_time_lock >= MIN_TIME_LOCK, EINVALID_TIME_LOCK);
    }

    /// Asserts that the details state is pending.
    ///
    /// @param details The bridge transfer details to check.
    /// @abort If the state is not pending.
    fun assert_pending<Initiator: store, Recipient: store>(_details: &BridgeTransferDetails<Initiator, Recipient>) {
        assert!(_details.state == PENDING_TRANSACTION, ENOT_PENDING_TRANSACTION)
    }

    /// Asserts that the hash lock is valid.
    ///
    /// @param hash_lock The hash lock to validate.
    /// @abort If the hash lock is invalid.
    fun assert_valid_hash_lock(_hash_lock: &vector<u8>) {
        assert!(vector::length(_hash_lock) == 32, EINVALID_HASH_LOCK);
    }

    /// Asserts that the bridge transfer ID is valid.
    ///
    /// @param bridge_transfer_id The bridge transfer ID to validate.
    /// @abort If the ID is invalid.
    public(friend) fun assert_valid_bridge_transfer_id(_bridge_transfer_id: &vector<u8>) {
        assert!(vector::length(_bridge_transfer_id) == 32, EINVALID_BRIDGE_TRANSFER_ID);
    }

    /// Creates a hash lock from a pre-image.
    ///
    /// @param pre_image The pre-image to hash.
    /// @return The generated hash lock.
    public(friend) fun create_hashlock(_pre_image: vector<u8>) : vector<u8> {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Asserts that the hash lock matches the expected value.
    ///
    /// @param details The bridge transfer details.
    /// @param hash_lock The hash lock to compare.
    /// @abort If the hash lock is incorrect.
    fun assert_correct_hash_lock<Initiator: store, Recipient: store>(_details: &BridgeTransferDetails<Initiator, Recipient>, _hash_lock: vector<u8>) {
        assert!(&_hash_lock == &_details.hash_lock, EINVALID_PRE_IMAGE);
    }

    /// Asserts that the time lock has expired.
    ///
    /// @param details The bridge transfer details.
    /// @abort If the time lock has not expired.
    fun assert_timed_out_lock<Initiator: store, Recipient: store>(_details: &BridgeTransferDetails<Initiator, Recipient>) {
        assert!(now() > _details.time_lock, ENOT_EXPIRED);
    }

    /// Asserts we are still within the timelock.
    ///
    /// @param details The bridge transfer details.
    /// @abort If the time lock has expired.
    fun assert_within_timelock<Initiator: store, Recipient: store>(_details: &BridgeTransferDetails<Initiator, Recipient>) {
        assert!(!(now() > _details.time_lock), EEXPIRED);
    }

    /// Completes the bridge transfer.
    ///
    /// @param details The bridge transfer details to complete.
    fun complete<Initiator: store, Recipient: store>(_details: &mut BridgeTransferDetails<Initiator, Recipient>) {
        _details.state = COMPLETED_TRANSACTION;
    }

    /// Cancels the bridge transfer.
    ///
    /// @param details The bridge transfer details to cancel.
    fun cancel<Initiator: store, Recipient: store>(_details: &mut BridgeTransferDetails<Initiator, Recipient>) {
        _details.state = CANCELLED_TRANSACTION;
    }

    /// Validates and completes a bridge transfer by confirming the hash lock and state.
    ///
    /// @param hash_lock The hash lock used to validate the transfer.
    /// @param details The mutable reference to the bridge transfer details to be completed.
    /// @return A tuple containing the recipient and the amount of the transfer.
    /// @abort If the hash lock is invalid, the transfer is not pending, or the hash lock does not match.
    fun complete_details<Initiator: store, Recipient: store + copy>(_hash_lock: vector<u8>, _details: &mut BridgeTransferDetails<Initiator, Recipient>) : (Recipient, u64) {
        assert_valid_hash_lock(&_hash_lock);
        assert_pending(_details);
        assert_correct_hash_lock(_details, _hash_lock);
        assert_within_timelock(_details);

        complete(_details);

        (_details.addresses.recipient, _details.amount)
    }

    /// Completes a bridge transfer by validating the hash lock and updating the transfer state.
    ///
    /// @param bridge_transfer_id The ID of the bridge transfer to complete.
    /// @param hash_lock The hash lock used to validate the transfer.
    /// @return A tuple containing the recipient of the transfer and the amount transferred.
    /// @abort If the bridge transfer details are not found or if the completion checks in `complete_details` fail.
    public(friend) fun complete_transfer<Initiator: store, Recipient: copy + store>(_bridge_transfer_id: vector<u8>, _hash_lock: vector<u8>) : (Recipient, u64) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Cancels a pending bridge transfer if the time lock has expired.
    ///
    /// @param details A mutable reference to the bridge transfer details to be canceled.
    /// @return A tuple containing the initiator of the transfer and the amount to be refunded.
    /// @abort If the transfer is not in a pending state or the time lock has not expired.
    fun cancel_details<Initiator: store + copy, Recipient: store>(_details: &mut BridgeTransferDetails<Initiator, Recipient>) : (Initiator, u64) {
        assert_pending(_details);
        assert_timed_out_lock(_details);

        cancel(_details);

        (_details.addresses.initiator, _details.amount)
    }

    /// Cancels a bridge transfer if it is pending and the time lock has expired.
    ///
    /// @param bridge_transfer_id The ID of the bridge transfer to cancel.
    /// @return A tuple containing the initiator of the transfer and the amount to be refunded.
    /// @abort If the bridge transfer details are not found or if the cancellation conditions in `cancel_details` fail.
    public(friend) fun cancel_transfer<Initiator: store + copy, Recipient: store>(_bridge_transfer_id: vector<u8>) : (Initiator, u64) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Generates a unique bridge transfer ID based on transfer details and nonce.
    ///
    /// @param details The bridge transfer details.
    /// @return The generated bridge transfer ID.
    public(friend) fun bridge_transfer_id<Initiator: store, Recipient: store>(_details: &BridgeTransferDetails<Initiator, Recipient>) : vector<u8> {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[view]
    /// Gets initiator bridge transfer details given a bridge transfer ID
    ///
    /// @param bridge_transfer_id A 32-byte vector of unsigned 8-bit integers.
    /// @return A `BridgeTransferDetails` struct.
    /// @abort If there is no transfer in the atomic bridge store.
    public fun get_bridge_transfer_details_initiator(
        _bridge_transfer_id: vector<u8>
    ): BridgeTransferDetails<address, EthereumAddress> {
        abort EATOMIC_BRIDGE_DISABLED
    }
    
    #[view]
    /// Gets counterparty bridge transfer details given a bridge transfer ID
    ///
    /// @param bridge_transfer_id A 32-byte vector of unsigned 8-bit integers.
    /// @return A `BridgeTransferDetails` struct.
    /// @abort If there is no transfer in the atomic bridge store.
    public fun get_bridge_transfer_details_counterparty(
        _bridge_transfer_id: vector<u8>
    ): BridgeTransferDetails<EthereumAddress, address> {
        abort EATOMIC_BRIDGE_DISABLED
    }

    fun get_bridge_transfer_details<Initiator: store + copy, Recipient: store + copy>(_bridge_transfer_id: vector<u8>
    ): BridgeTransferDetails<Initiator, Recipient> {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[test_only]
    public fun valid_bridge_transfer_id() : vector<u8> {
        sha3_256(b"atomic bridge")
    }

    #[test_only]
    public fun plain_secret() : vector<u8> {
        b"too secret!"
    }

    #[test_only]
    public fun valid_hash_lock() : vector<u8> {
        abort EATOMIC_BRIDGE_DISABLED
    }

}

module aptos_framework::atomic_bridge_configuration {

    friend aptos_framework::atomic_bridge_counterparty;
    friend aptos_framework::atomic_bridge_initiator;

    /// Error code for invalid bridge operator
    const EINVALID_BRIDGE_OPERATOR: u64 = 0x1;
    /// Error code for atomic bridge disabled
    const EATOMIC_BRIDGE_DISABLED: u64 = 0x2;

    /// Counterparty time lock duration is 24 hours in seconds
    const COUNTERPARTY_TIME_LOCK_DUARTION: u64 = 24 * 60 * 60;
    /// Initiator time lock duration is 48 hours in seconds
    const INITIATOR_TIME_LOCK_DUARTION: u64 = 48 * 60 * 60;

    struct BridgeConfig has key {
        bridge_operator: address,
        initiator_time_lock: u64,
        counterparty_time_lock: u64,
    }

    #[event]
    /// Event emitted when the bridge operator is updated.
    struct BridgeConfigOperatorUpdated has store, drop {
        old_operator: address,
        new_operator: address,
    }

    #[event]
    /// Event emitted when the initiator time lock has been updated.
    struct InitiatorTimeLockUpdated has store, drop {
        time_lock: u64,
    }

    #[event]
    /// Event emitted when the initiator time lock has been updated.
    struct CounterpartyTimeLockUpdated has store, drop {
        time_lock: u64,
    }

    /// Initializes the bridge configuration with Aptos framework as the bridge operator.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    public fun initialize(_aptos_framework: &signer) {
       abort EATOMIC_BRIDGE_DISABLED
    }

    /// Updates the bridge operator, requiring governance validation.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param new_operator The new address to be set as the bridge operator.
    /// @abort If the current operator is the same as the new operator.
    public fun update_bridge_operator(_aptos_framework: &signer, _new_operator: address
    ) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    public fun set_initiator_time_lock_duration(_aptos_framework: &signer, _time_lock: u64
    ) {
       abort EATOMIC_BRIDGE_DISABLED
    }

    public fun set_counterparty_time_lock_duration(_aptos_framework: &signer, _time_lock: u64
    ) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[view]
    public fun initiator_timelock_duration() : u64 {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[view]
    public fun counterparty_timelock_duration() : u64 {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[view]
    /// Retrieves the address of the current bridge operator.
    ///
    /// @return The address of the current bridge operator.
    public fun bridge_operator(): address {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Asserts that the caller is the current bridge operator.
    ///
    /// @param caller The signer whose authority is being checked.
    /// @abort If the caller is not the current bridge operator.
    public(friend) fun assert_is_caller_operator(_caller: &signer
    ) {
       abort EATOMIC_BRIDGE_DISABLED
    }

}

module aptos_framework::atomic_bridge {
    use aptos_framework::aptos_coin::AptosCoin;
    use aptos_framework::coin::{BurnCapability, MintCapability};
    use aptos_framework::fungible_asset::{BurnRef, MintRef};

    friend aptos_framework::atomic_bridge_counterparty;
    friend aptos_framework::atomic_bridge_initiator;
    friend aptos_framework::genesis;

    const EATOMIC_BRIDGE_NOT_ENABLED : u64 = 0x1;
    const EATOMIC_BRIDGE_DISABLED: u64 = 0x3073d;

    struct AptosCoinBurnCapability has key {
        burn_cap: BurnCapability<AptosCoin>,
    }

    struct AptosCoinMintCapability has key {
        mint_cap: MintCapability<AptosCoin>,
    }

    struct AptosFABurnCapabilities has key {
        burn_ref: BurnRef,
    }

    struct AptosFAMintCapabilities has key {
        burn_ref: MintRef,
    }

    /// Initializes the atomic bridge by setting up necessary configurations.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    public fun initialize(_aptos_framework: &signer) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    #[test_only]
    /// Initializes the atomic bridge for testing purposes, including setting up accounts and timestamps.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    public fun initialize_for_test(_aptos_framework: &signer) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Stores the burn capability for AptosCoin, converting to a fungible asset reference if the feature is enabled.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param burn_cap The burn capability for AptosCoin.
    public fun store_aptos_coin_burn_cap(_aptos_framework: &signer, _burn_cap: BurnCapability<AptosCoin>) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Stores the mint capability for AptosCoin.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param mint_cap The mint capability for AptosCoin.
    public fun store_aptos_coin_mint_cap(_aptos_framework: &signer, _mint_cap: MintCapability<AptosCoin>) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Mints a specified amount of AptosCoin to a recipient's address.
    ///
    /// @param recipient The address of the recipient to mint coins to.
    /// @param amount The amount of AptosCoin to mint.
    /// @abort If the mint capability is not available.
    public(friend) fun mint(_recipient: address, _amount: u64) {
       abort EATOMIC_BRIDGE_DISABLED
    }

    /// Burns a specified amount of AptosCoin from an address.
    ///
    /// @param from The address from which to burn AptosCoin.
    /// @param amount The amount of AptosCoin to burn.
    /// @abort If the burn capability is not available.
    public(friend) fun burn(_from: address, _amount: u64) {
        abort EATOMIC_BRIDGE_DISABLED
    }
}

module aptos_framework::atomic_bridge_counterparty {
    use aptos_framework::account;
    use aptos_framework::event::EventHandle; 

    const EATOMIC_BRIDGE_DISABLED: u64 = 0x3073d;

    #[event]
    /// An event triggered upon locking assets for a bridge transfer
    struct BridgeTransferLockedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        initiator: vector<u8>,
        recipient: address,
        amount: u64,
        hash_lock: vector<u8>,
        time_lock: u64,
    }

    #[event]
    /// An event triggered upon completing a bridge transfer
    struct BridgeTransferCompletedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        pre_image: vector<u8>,
    }

    #[event]
    /// An event triggered upon cancelling a bridge transfer
    struct BridgeTransferCancelledEvent has store, drop {
        bridge_transfer_id: vector<u8>,
    }

    /// This struct will store the event handles for bridge events.
    struct BridgeCounterpartyEvents has key, store {
        bridge_transfer_locked_events: EventHandle<BridgeTransferLockedEvent>,
        bridge_transfer_completed_events: EventHandle<BridgeTransferCompletedEvent>,
        bridge_transfer_cancelled_events: EventHandle<BridgeTransferCancelledEvent>,
    }

    /// Initializes the module and stores the `EventHandle`s in the resource.
    public fun initialize(aptos_framework: &signer) {
        move_to(aptos_framework, BridgeCounterpartyEvents {
            bridge_transfer_locked_events: account::new_event_handle<BridgeTransferLockedEvent>(aptos_framework),
            bridge_transfer_completed_events: account::new_event_handle<BridgeTransferCompletedEvent>(aptos_framework),
            bridge_transfer_cancelled_events: account::new_event_handle<BridgeTransferCancelledEvent>(aptos_framework),
        });
    }

    /// Locks assets for a bridge transfer by the initiator.
    ///
    /// @param caller The signer representing the bridge operator.
    /// @param initiator The initiator's Ethereum address as a vector of bytes.
    /// @param bridge_transfer_id The unique identifier for the bridge transfer.
    /// @param hash_lock The hash lock for securing the transfer.
    /// @param time_lock The time lock duration for the transfer.
    /// @param recipient The address of the recipient on the Aptos blockchain.
    /// @param amount The amount of assets to be locked.
    /// @abort If the caller is not the bridge operator.
    public entry fun lock_bridge_transfer_assets (
        _caller: &signer,
        _initiator: vector<u8>,
        _bridge_transfer_id: vector<u8>,
        _hash_lock: vector<u8>,
        _recipient: address,
        _amount: u64
    ) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Completes a bridge transfer by revealing the pre-image.
    ///
    /// @param bridge_transfer_id The unique identifier for the bridge transfer.
    /// @param pre_image The pre-image that matches the hash lock to complete the transfer.
    /// @abort If the caller is not the bridge operator or the hash lock validation fails.
    public entry fun complete_bridge_transfer (
        _bridge_transfer_id: vector<u8>,
        _pre_image: vector<u8>,
    ) {
        abort EATOMIC_BRIDGE_DISABLED
    }

    /// Aborts a bridge transfer if the time lock has expired.
    ///
    /// @param caller The signer representing the bridge operator.
    /// @param bridge_transfer_id The unique identifier for the bridge transfer.
    /// @abort If the caller is not the bridge operator or if the time lock has not expired.
    public entry fun abort_bridge_transfer (
        _caller: &signer,
        _bridge_transfer_id: vector<u8>
    ) {
       abort EATOMIC_BRIDGE_DISABLED
    }

}

