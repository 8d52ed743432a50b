module aptos_framework::native_bridge {
    use aptos_std::smart_table::SmartTable;
    use aptos_framework::ethereum::EthereumAddress;    
    use aptos_framework::event::EventHandle; 
    use aptos_framework::aptos_coin::AptosCoin;
    use aptos_framework::coin::{BurnCapability, MintCapability};
    use aptos_framework::fungible_asset::{BurnRef, MintRef};

    const ETRANSFER_ALREADY_PROCESSED: u64 = 1;
    const EINVALID_BRIDGE_TRANSFER_ID: u64 = 2;
    const EEVENT_NOT_FOUND: u64 = 3;
    const EINVALID_NONCE: u64 = 4;
    const EINVALID_AMOUNT: u64 = 5;
    const ENONCE_NOT_FOUND: u64 = 6;
    const EZERO_AMOUNT: u64 = 7;
    const ENATIVE_BRIDGE_NOT_ENABLED: u64 = 8;
    const EINCORRECT_NONCE: u64 = 9;
    const EID_NOT_FOUND: u64 = 10;
    const EINVALID_BRIDGE_RELAYER: u64 = 11;
    const ESAME_FEE: u64 = 0x2;
    const EINVALID_VALUE: u64 = 0x3;
    const ERATE_LIMIT_EXCEEDED: u64 = 0x4;

    friend aptos_framework::genesis;

    #[event]
    /// Event emitted when the bridge relayer is updated.
    struct BridgeConfigRelayerUpdated has store, drop {
        old_relayer: address,
        new_relayer: address,
    }

    #[event]
    /// An event triggered upon change of bridgefee
    struct BridgeFeeChangedEvent has store, drop {
        old_bridge_fee: u64,
        new_bridge_fee: u64,
    }

    #[event]
    /// An event triggered upon change of insurance budget divider
    struct BridgeInsuranceBudgetDividerChangedEvent has store, drop {
        old_insurance_budget_divider: u64,
        new_insurance_budget_divider: u64,
    }

    #[event]
    /// An event triggered upon change of insurance fund
    struct BridgeInsuranceFundChangedEvent has store, drop {
        old_insurance_fund: address,
        new_insurance_fund: address,
    }

    #[event]
    /// An event triggered upon initiating a bridge transfer
    struct BridgeTransferInitiatedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        initiator: address,
        recipient: vector<u8>,
        amount: u64,
        nonce: u64,
    }

    #[event]
    /// An event triggered upon completing a bridge transfer
    struct BridgeTransferCompletedEvent has store, drop {
        bridge_transfer_id: vector<u8>,
        initiator: vector<u8>,
        recipient: address,
        amount: u64,
        nonce: u64,
    }

    /// This struct will store the event handles for bridge events.
    struct BridgeEvents has key, store {
        bridge_transfer_initiated_events: EventHandle<BridgeTransferInitiatedEvent>,
        bridge_transfer_completed_events: EventHandle<BridgeTransferCompletedEvent>,
    }

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

    /// A nonce to ensure the uniqueness of bridge transfers
    struct Nonce has key {
        value: u64
    }

    struct OutboundRateLimitBudget has key, store {
        day: SmartTable<u64, u64>,
    }

    struct InboundRateLimitBudget has key, store {
        day: SmartTable<u64, u64>,
    }

    /// A smart table wrapper
    struct SmartTableWrapper<K, V> has key, store {
        inner: SmartTable<K, V>,
    }

    /// Details on the outbound transfer
    struct OutboundTransfer has store, copy {
        bridge_transfer_id: vector<u8>,
        initiator: address,
        recipient: EthereumAddress,
        amount: u64,
    }

    struct BridgeConfig has key {
        bridge_relayer: address,
        insurance_fund: address,
        insurance_budget_divider: u64,
        bridge_fee: u64,
    }

    /// Initializes the module and stores the `EventHandle`s in the resource.
    public fun initialize(_aptos_framework: &signer) {
        
    }

    /// Converts a u64 to a 32-byte vector.
    /// 
    /// @param value The u64 value to convert.
    /// @return A 32-byte vector containing the u64 value in little-endian order.
    /// 
    /// How BCS works: https://github.com/zefchain/bcs?tab=readme-ov-file#booleans-and-integers
    /// 
    /// @example: a u64 value 0x12_34_56_78_ab_cd_ef_00 is converted to a 32-byte vector:
    /// [0x00, 0x00, ..., 0x00, 0x12, 0x34, 0x56, 0x78, 0xab, 0xcd, 0xef, 0x00]
    public(friend) fun normalize_u64_to_32_bytes(_value: &u64): vector<u8> {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Checks if a bridge transfer ID is associated with an inbound nonce.
    /// @param bridge_transfer_id The bridge transfer ID.
    /// @return `true` if the ID is associated with an existing inbound nonce, `false` otherwise.
    public(friend) fun is_inbound_nonce_set(_bridge_transfer_id: vector<u8>): bool {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Creates bridge transfer details with validation.
    ///
    /// @param initiator The initiating party of the transfer.
    /// @param recipient The receiving party of the transfer.
    /// @param amount The amount to be transferred.
    /// @param nonce The unique nonce for the transfer.
    /// @return A `BridgeTransferDetails` object.
    /// @abort If the amount is zero or locks are invalid.
    public(friend) fun create_details(_initiator: address, _recipient: EthereumAddress, _amount: u64, _nonce: u64)
        : OutboundTransfer {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Record details of an initiated transfer for quick lookup of details, mapping bridge transfer ID to transfer details 
    ///
    /// @param bridge_transfer_id Bridge transfer ID.
    /// @param details The bridge transfer details
    public(friend) fun add(_nonce: u64, _details: OutboundTransfer)  {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Record details of a completed transfer, mapping bridge transfer ID to inbound nonce
    ///
    /// @param bridge_transfer_id Bridge transfer ID.
    /// @param details The bridge transfer details
    public(friend) fun set_bridge_transfer_id_to_inbound_nonce(_bridge_transfer_id: vector<u8>, _inbound_nonce: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Asserts that the bridge transfer ID is valid.
    ///
    /// @param bridge_transfer_id The bridge transfer ID to validate.
    /// @abort If the ID is invalid.
    public(friend) fun assert_valid_bridge_transfer_id(_bridge_transfer_id: &vector<u8>) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Generates a unique outbound bridge transfer ID based on transfer details and nonce.
    ///
    /// @param details The bridge transfer details.
    /// @return The generated bridge transfer ID.
    public(friend) fun bridge_transfer_id(_initiator: address, _recipient: EthereumAddress, _amount: u64, _nonce: u64) : vector<u8> {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    #[view]
    /// Retrieves the address of the current bridge relayer.
    ///
    /// @return The address of the current bridge relayer.
    public fun bridge_relayer(): address {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    #[view]
    /// Retrieves the address of the current insurance fund.
    /// 
    /// @return The address of the current insurance fund.
    public fun insurance_fund(): address {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    #[view]
    /// Retrieves the current insurance budget divider.
    /// 
    /// @return The current insurance budget divider.
    public fun insurance_budget_divider(): u64 {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    #[view]
    /// Retrieves the current bridge fee.
    /// 
    /// @return The current bridge fee.
    public fun bridge_fee(): u64 {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }
    
    #[view]
    /// Gets the bridge transfer details (`OutboundTransfer`) from the given nonce.
    /// @param nonce The nonce of the bridge transfer.
    /// @return The `OutboundTransfer` struct containing the transfer details.
    /// @abort If the nonce is not found in the smart table.
    public fun get_bridge_transfer_details_from_nonce(_nonce: u64): OutboundTransfer {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    #[view]
    /// Gets inbound `nonce` from `bridge_transfer_id`
    /// @param bridge_transfer_id The ID bridge transfer.
    /// @return the nonce
    /// @abort If the nonce is not found in the smart table.
    public fun get_inbound_nonce_from_bridge_transfer_id(_bridge_transfer_id: vector<u8>): u64 {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Increment and get the current nonce  
    fun increment_and_get_nonce(): u64 {  
        abort ENATIVE_BRIDGE_NOT_ENABLED
    } 

    #[test_only]
    /// Initializes the native bridge for testing purposes
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    public fun initialize_for_test(_aptos_framework: &signer) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Stores the burn capability for AptosCoin, converting to a fungible asset reference if the feature is enabled.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param burn_cap The burn capability for AptosCoin.
    public fun store_aptos_coin_burn_cap(_aptos_framework: &signer, _burn_cap: BurnCapability<AptosCoin>) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Stores the mint capability for AptosCoin.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param mint_cap The mint capability for AptosCoin.
    public fun store_aptos_coin_mint_cap(_aptos_framework: &signer, _mint_cap: MintCapability<AptosCoin>) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Mints a specified amount of AptosCoin to a recipient's address.
    /// 
    /// @param core_resource The signer representing the core resource account.
    /// @param recipient The address of the recipient to mint coins to.
    /// @param amount The amount of AptosCoin to mint.
    public fun mint_to(_aptos_framework: &signer, _recipient: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Mints a specified amount of AptosCoin to a recipient's address.
    ///
    /// @param recipient The address of the recipient to mint coins to.
    /// @param amount The amount of AptosCoin to mint.
    /// @abort If the mint capability is not available.
    public(friend) fun mint(_recipient: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Mints a specified amount of AptosCoin to a recipient's address.
    /// 
    /// @param recipient The address of the recipient to mint coins to.
    /// @param amount The amount of AptosCoin to mint.
    fun mint_internal(_recipient: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    } 

    /// Burns a specified amount of AptosCoin from an address.
    /// 
    /// @param core_resource The signer representing the core resource account.
    /// @param from The address from which to burn AptosCoin.
    /// @param amount The amount of AptosCoin to burn.
    /// @abort If the burn capability is not available.
    public fun burn_from(_aptos_framework: &signer, _from: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Burns a specified amount of AptosCoin from an address.
    ///
    /// @param from The address from which to burn AptosCoin.
    /// @param amount The amount of AptosCoin to burn.
    /// @abort If the burn capability is not available.
    public(friend) fun burn(_from: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Burns a specified amount of AptosCoin from an address.
    /// 
    /// @param from The address from which to burn AptosCoin.
    /// @param amount The amount of AptosCoin to burn.
    fun burn_internal(_from: address, _amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Initiate a bridge transfer of MOVE from Movement to Ethereum
    /// Anyone can initiate a bridge transfer from the source chain  
    /// The amount is burnt from the initiator and the module-level nonce is incremented  
    /// @param initiator The initiator's Ethereum address as a vector of bytes.  
    /// @param recipient The address of the recipient on the Aptos blockchain.  
    /// @param amount The amount of assets to be locked.  
    public entry fun initiate_bridge_transfer(  
        _initiator: &signer,  
        _recipient: vector<u8>,  
        _amount: u64  
    ) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Completes a bridge transfer on the destination chain.
    ///  
    /// @param caller The signer representing the bridge relayer.  
    /// @param initiator The initiator's Ethereum address as a vector of bytes.  
    /// @param bridge_transfer_id The unique identifier for the bridge transfer.  
    /// @param recipient The address of the recipient on the Aptos blockchain.  
    /// @param amount The amount of assets to be locked.  
    /// @param nonce The unique nonce for the transfer.    
    /// @abort If the caller is not the bridge relayer or the transfer has already been processed.  
    public entry fun complete_bridge_transfer(
        _caller: &signer,
        _bridge_transfer_id: vector<u8>,
        _initiator: vector<u8>,
        _recipient: address,
        _amount: u64,
        _nonce: u64
    )  {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Charge bridge fee to the initiate bridge transfer.
    /// 
    /// @param initiator The signer representing the initiator.
    /// @param amount The amount to be charged.
    /// @return The new amount after deducting the bridge fee.
    fun charge_bridge_fee(_amount: u64): u64 {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Updates the bridge relayer, requiring governance validation.
    ///
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param new_relayer The new address to be set as the bridge relayer.
    /// @abort If the current relayer is the same as the new relayer.
    public fun update_bridge_relayer(_aptos_framework: &signer, _new_relayer: address) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Updates the bridge fee, requiring relayer validation.
    /// 
    /// @param relayer The signer representing the Relayer.
    /// @param new_bridge_fee The new bridge fee to be set.
    /// @abort If the new bridge fee is the same as the old bridge fee.
    public entry fun update_bridge_fee(_relayer: &signer, _new_bridge_fee: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Updates the insurance fund, requiring governance validation.
    /// 
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param new_insurance_fund The new insurance fund to be set.
    /// @abort If the new insurance fund is the same as the old insurance fund.
    public entry fun update_insurance_fund(_aptos_framework: &signer, _new_insurance_fund: address) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Updates the insurance budget divider, requiring governance validation.
    /// 
    /// @param aptos_framework The signer representing the Aptos framework.
    /// @param new_insurance_budget_divider The new insurance budget divider to be set.
    /// @abort If the new insurance budget divider is the same as the old insurance budget divider.
    public entry fun update_insurance_budget_divider(_aptos_framework: &signer, _new_insurance_budget_divider: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Asserts that the caller is the current bridge relayer.
    ///
    /// @param caller The signer whose authority is being checked.
    /// @abort If the caller is not the current bridge relayer.
    public(friend) fun assert_is_caller_relayer(_caller: &signer) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Asserts that the rate limit budget is not exceeded.
    /// 
    /// @param amount The amount to be transferred.
    fun assert_outbound_rate_limit_budget_not_exceeded(_amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Asserts that the rate limit budget is not exceeded.
    /// 
    /// @param amount The amount to be transferred.
    fun assert_inbound_rate_limit_budget_not_exceeded(_amount: u64) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }

    /// Test serialization of u64 to 32 bytes
    fun test_normalize_u64_to_32_bytes_helper(_x: u64, _expected: vector<u8>) {
        abort ENATIVE_BRIDGE_NOT_ENABLED
    }
}
