//! Shapes the service reads and writes that no wire type names on its own, for the API
//! description only (never built): the list items with the `etag` the server adds, and the batch
//! items and results split into their product and offer-type variants (`mscommerce-proto` keeps
//! one struct for both, with optional members). The API tests hold each shape to its wire type's
//! members, and real answers to the shapes.

#![allow(dead_code)] // described, never built: no field is ever read

use mscommerce_proto::PolicyValue;
use mscommerce_proto::described::{OfferTypeScope, OfferTypeValue, ProductScope};
use utoipa::ToSchema;

/// A product in a list (`scope` is `product`); `etag` with `includeEtag=true`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProductPolicyItem {
    policy_id: String,
    policy_value: PolicyValue,
    scope: ProductScope,
    product_name: String,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    product_id: String,
    #[schema(pattern = "^\"[!#-~]+\"$", nullable = false)]
    etag: Option<String>,
}

/// An offer type in a list; `etag` with `includeEtag=true`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OfferTypePolicyItem {
    policy_id: String,
    policy_value: OfferTypeValue,
    scope: OfferTypeScope,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    scope_id: String,
    scope_value: String,
    #[schema(pattern = "^\"[!#-~]+\"$", nullable = false)]
    etag: Option<String>,
}

/// The body of `PATCH .../products`: many changes in one transaction, all or none.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatch {
    default: Option<mscommerce_proto::PolicyBatchDefault>,
    #[schema(max_items = 1000)]
    items: Vec<PolicyBatchItem>,
}

/// Each item names exactly one of `productId` and `offerType`.
#[derive(ToSchema)]
#[serde(untagged)]
pub(crate) enum PolicyBatchItem {
    Product(PolicyBatchProductItem),
    OfferType(PolicyBatchOfferTypeItem),
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatchProductItem {
    /// A current or legacy product id.
    #[schema(
        pattern = "^[A-Za-z0-9_-]{1,64}$",
        examples("CFQ7TTC0HDB1", "CFQ7TTC0HD33")
    )]
    product_id: String,
    policy_value: PolicyValue,
    /// Absent or null: no precondition.
    #[schema(pattern = r#"^(\*|[ \t]*(W/)?"[!#-~]*"[ \t]*(,[ \t]*(W/)?"[!#-~]*"[ \t]*)*)$"#)]
    if_match: Option<String>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatchOfferTypeItem {
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$", examples("SaaS", "POWERBIVISUALS"))]
    offer_type: String,
    policy_value: OfferTypeValue,
    /// Absent or null: no precondition.
    #[schema(pattern = r#"^(\*|[ \t]*(W/)?"[!#-~]*"[ \t]*(,[ \t]*(W/)?"[!#-~]*"[ \t]*)*)$"#)]
    if_match: Option<String>,
}

/// Answer to a batch: every item in request order with its value and ETag after the batch, and
/// whether the batch changed it (`false`: it already held the value).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatchResult {
    #[schema(nullable = false)]
    default: Option<mscommerce_proto::PolicyBatchDefaultResult>,
    items: Vec<PolicyBatchResultItem>,
}

#[derive(ToSchema)]
#[serde(untagged)]
pub(crate) enum PolicyBatchResultItem {
    Product(PolicyBatchProductResult),
    OfferType(PolicyBatchOfferTypeResult),
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatchProductResult {
    policy_id: String,
    policy_value: PolicyValue,
    scope: ProductScope,
    product_name: String,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    product_id: String,
    #[schema(pattern = "^\"[!#-~]+\"$")]
    etag: String,
    changed: bool,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PolicyBatchOfferTypeResult {
    policy_id: String,
    policy_value: OfferTypeValue,
    scope: OfferTypeScope,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    scope_id: String,
    scope_value: String,
    #[schema(pattern = "^\"[!#-~]+\"$")]
    etag: String,
    changed: bool,
}

/// The body of `PUT .../offerTypes/{offerType}`: offer types take Enabled or Disabled only.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OfferTypeUpdate {
    policy_value: OfferTypeValue,
}

/// The signing keys of the built-in provider.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Jwks {
    keys: Vec<Jwk>,
}

/// One RSA signing key, with Entra's `issuer` property.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Jwk {
    #[schema(inline)]
    kty: Rsa,
    #[serde(rename = "use")]
    #[schema(inline)]
    key_use: Sig,
    kid: String,
    n: String,
    e: String,
    alg: mscommerce_proto::described::SigningAlg,
    #[schema(nullable = false)]
    issuer: Option<String>,
}

#[derive(ToSchema)]
enum Rsa {
    #[serde(rename = "RSA")]
    Rsa,
}

#[derive(ToSchema)]
enum Sig {
    #[serde(rename = "sig")]
    Sig,
}

/// RFC 8628 §3.1.
#[derive(ToSchema)]
pub(crate) struct DeviceCodeForm {
    #[schema(examples("3d5cffa9-04da-4657-8cab-c7f074657cad"))]
    client_id: String,
    #[schema(examples("aeb86249-8ea3-49e2-900b-54cc8e308f85/.default offline_access"))]
    scope: String,
}

/// RFC 6749 §4.3, §4.4, §6; RFC 8628 §3.4; RFC 7523 §2.2 (certificate assertions).
#[derive(ToSchema)]
pub(crate) struct TokenForm {
    #[schema(inline)]
    grant_type: GrantType,
    #[schema(
        nullable = false,
        examples("3d5cffa9-04da-4657-8cab-c7f074657cad", "contoso-automation")
    )]
    client_id: Option<String>,
    #[schema(nullable = false)]
    client_secret: Option<String>,
    #[schema(
        nullable = false,
        examples("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    )]
    client_assertion_type: Option<String>,
    #[schema(nullable = false)]
    client_assertion: Option<String>,
    #[schema(
        nullable = false,
        examples("aeb86249-8ea3-49e2-900b-54cc8e308f85/.default")
    )]
    scope: Option<String>,
    #[schema(nullable = false, examples("admin@contoso.example"))]
    username: Option<String>,
    #[schema(nullable = false)]
    password: Option<String>,
    #[schema(nullable = false)]
    device_code: Option<String>,
    #[schema(nullable = false)]
    refresh_token: Option<String>,
    /// `authorization_code`: the code from the redirect.
    #[schema(nullable = false)]
    code: Option<String>,
    /// `authorization_code`: exactly the redirect URI of the authorization request.
    #[schema(nullable = false)]
    redirect_uri: Option<String>,
    /// `authorization_code`: the PKCE verifier (RFC 7636, 43 to 128 characters).
    #[schema(nullable = false)]
    code_verifier: Option<String>,
    /// `1`: a user sign-in answers `client_info` too (MSAL sends it).
    #[schema(nullable = false, examples("1"))]
    client_info: Option<String>,
}

#[derive(ToSchema)]
enum GrantType {
    #[serde(rename = "password")]
    Password,
    #[serde(rename = "client_credentials")]
    ClientCredentials,
    #[serde(rename = "urn:ietf:params:oauth:grant-type:device_code")]
    DeviceCode,
    #[serde(rename = "refresh_token")]
    RefreshToken,
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
}

/// The sign-in page's form; `decline` present means the user declined.
#[derive(ToSchema)]
pub(crate) struct DeviceLoginForm {
    #[schema(nullable = false)]
    user_code: Option<String>,
    #[schema(nullable = false)]
    username: Option<String>,
    #[schema(nullable = false)]
    password: Option<String>,
    #[schema(nullable = false)]
    decline: Option<String>,
}

/// `GET .../products` (`scope=product`).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProductPolicyList {
    items: Vec<ProductPolicyItem>,
    #[schema(nullable = false)]
    next_link: Option<String>,
}

/// `GET .../products?scope=OfferType`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OfferTypePolicyList {
    items: Vec<OfferTypePolicyItem>,
    #[schema(nullable = false)]
    next_link: Option<String>,
}
