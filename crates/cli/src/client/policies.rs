//! The policy commands: the module's Get-/Update-MSCommerce* cmdlets.

use std::io::{BufRead, Write};

use mscommerce_proto::{PolicyValue, SCOPE_OFFER_TYPE, SCOPE_PRODUCT};

use super::context::Ctx;
use super::errors::{self, Failure, Op, Target};
use super::output::{self, PlannedChange};
use super::text::t;
use crate::client_cmd::{ScopeArg, TargetArgs, UpdateArgs};

/// Calls the API; after a 401 on a profile's token, renews the token once and calls again.
/// Failures are explained (and returned) with the operation's context.
macro_rules! call {
    ($ctx:expr, $api:ident, $op:expr, $c:ident => $call:expr) => {{
        let first = {
            let $c = &$api.client;
            $call.await
        };
        let result = match first {
            Err(e) if errors::is_unauthorized(&e) && $api.renewable() => {
                tracing::debug!("the service refused the token; renewing it once");
                $api = $ctx.api(true).await?;
                let $c = &$api.client;
                $call.await
            }
            other => other,
        };
        match result {
            Ok(v) => v,
            Err(e) => return Err(errors::explain($ctx, &$api, e, $op).await),
        }
    }};
}

/// Writes a result to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// A human note on stderr (progress, confirmations), so stdout stays data.
pub(crate) fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

pub(crate) async fn get_policies(ctx: &Ctx) -> Result<(), Failure> {
    let mut api = ctx.api(false).await?;
    let op = Op {
        write: false,
        policy_id: mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE,
        target: Target::Policies,
        value: None,
    };
    let items = call!(ctx, api, &op, c => c.policies());
    emit(&output::policies(&ctx.l, ctx.output(), &items, false));
    Ok(())
}

pub(crate) async fn get_policy(ctx: &Ctx, policy_id: &str) -> Result<(), Failure> {
    let mut api = ctx.api(false).await?;
    let op = Op {
        write: false,
        policy_id,
        target: Target::Policy,
        value: None,
    };
    let policy = call!(ctx, api, &op, c => c.policy(policy_id));
    emit(&output::policies(&ctx.l, ctx.output(), &[policy], true));
    Ok(())
}

fn matches_text(needle: &Option<String>, haystacks: &[&str]) -> bool {
    match needle {
        None => true,
        Some(n) => {
            let n = n.to_lowercase();
            haystacks.iter().any(|h| h.to_lowercase().contains(&n))
        }
    }
}

pub(crate) async fn get_product_policies(
    ctx: &Ctx,
    policy_id: &str,
    scope: ScopeArg,
    value: Option<PolicyValue>,
    name: Option<&str>,
) -> Result<(), Failure> {
    let mut api = ctx.api(false).await?;
    let name = name.map(str::to_owned);
    match scope {
        ScopeArg::Product => {
            let op = Op {
                write: false,
                policy_id,
                target: Target::Products,
                value: None,
            };
            let items = call!(ctx, api, &op, c => c.product_policies(policy_id));
            let items: Vec<_> = items
                .into_iter()
                .filter(|p| value.is_none_or(|v| p.policy_value == v))
                .filter(|p| matches_text(&name, &[&p.product_name, &p.product_id]))
                .collect();
            emit(&output::product_policies(
                &ctx.l,
                ctx.output(),
                &items,
                false,
            ));
        }
        ScopeArg::OfferType => {
            let op = Op {
                write: false,
                policy_id,
                target: Target::OfferTypes,
                value: None,
            };
            let items = call!(ctx, api, &op, c => c.offer_type_policies(policy_id));
            let items: Vec<_> = items
                .into_iter()
                .filter(|p| value.is_none_or(|v| p.policy_value == v))
                .filter(|p| matches_text(&name, &[&p.scope_id, &p.scope_value]))
                .collect();
            emit(&output::offer_type_policies(
                &ctx.l,
                ctx.output(),
                &items,
                false,
            ));
        }
    }
    Ok(())
}

pub(crate) async fn get_product_policy(
    ctx: &Ctx,
    policy_id: &str,
    target: &TargetArgs,
) -> Result<(), Failure> {
    let mut api = ctx.api(false).await?;
    match (&target.product_id, &target.offer_type) {
        (Some(id), _) => {
            let op = Op {
                write: false,
                policy_id,
                target: Target::Product(id),
                value: None,
            };
            let p = call!(ctx, api, &op, c => c.product_policy(policy_id, id));
            emit(&output::product_policies(&ctx.l, ctx.output(), &[p], true));
        }
        (None, Some(offer_type)) => {
            let op = Op {
                write: false,
                policy_id,
                target: Target::OfferType(offer_type),
                value: None,
            };
            let p = call!(ctx, api, &op, c => c.offer_type_policy(policy_id, offer_type));
            emit(&output::offer_type_policies(
                &ctx.l,
                ctx.output(),
                &[p],
                true,
            ));
        }
        (None, None) => {
            return Err(Failure::local(
                super::exit::Exit::Usage,
                &ctx.l,
                "error-no-target",
                &[],
            ));
        }
    }
    Ok(())
}

/// The answers that mean "yes" in the user's language (and always `y` / `yes`).
fn is_yes(l: &mscommerce_i18n::Localizer, answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    !answer.is_empty()
        && (["y", "yes"].contains(&answer.as_str())
            || l.t("confirm-yes-answers")
                .split(',')
                .any(|a| a.trim().to_lowercase() == answer))
}

pub(crate) async fn update_product_policy(ctx: &Ctx, args: &UpdateArgs) -> Result<(), Failure> {
    let l = &ctx.l;
    let value: PolicyValue = match (args.value, args.enabled) {
        (Some(v), _) => v.into(),
        (None, Some(true)) => PolicyValue::Enabled,
        (None, Some(false)) => PolicyValue::Disabled,
        (None, None) => {
            return Err(Failure::local(
                super::exit::Exit::Usage,
                l,
                "error-no-value",
                &[],
            ));
        }
    };
    let policy_id = args.policy_id.as_str();
    let (product_id, offer_type) = (
        args.target.product_id.as_deref(),
        args.target.offer_type.as_deref(),
    );
    let target = match (product_id, offer_type) {
        (Some(id), _) => Target::Product(id),
        (None, Some(t)) => Target::OfferType(t),
        (None, None) => {
            return Err(Failure::local(
                super::exit::Exit::Usage,
                l,
                "error-no-target",
                &[],
            ));
        }
    };
    let mut api = ctx.api(false).await?;

    if args.what_if || args.confirm {
        let read = Op {
            write: false,
            policy_id,
            target,
            value: None,
        };
        let plan = match target {
            Target::Product(id) => {
                let p = call!(ctx, api, &read, c => c.product_policy(policy_id, id));
                PlannedChange {
                    what_if: args.what_if,
                    policy_id: p.policy_id,
                    scope: SCOPE_PRODUCT.to_owned(),
                    id: p.product_id,
                    name: p.product_name,
                    current_value: p.policy_value.to_string(),
                    new_value: value.to_string(),
                    would_change: p.policy_value != value,
                }
            }
            _ => {
                let t = offer_type.unwrap_or_default();
                let p = call!(ctx, api, &read, c => c.offer_type_policy(policy_id, t));
                PlannedChange {
                    what_if: args.what_if,
                    policy_id: p.policy_id,
                    scope: SCOPE_OFFER_TYPE.to_owned(),
                    id: p.scope_id,
                    name: p.scope_value,
                    current_value: p.policy_value.to_string(),
                    new_value: value.to_string(),
                    would_change: p.policy_value != value,
                }
            }
        };
        if args.what_if {
            emit(&output::planned_change(l, ctx.output(), &plan));
            return Ok(());
        }
        if !plan.would_change {
            note(&plan.sentence(l));
            return Ok(());
        }
        let question = t(
            l,
            "confirm-change",
            &[
                ("policy", plan.policy_id.clone()),
                ("target", plan.target(l)),
                ("from", plan.current_value.clone()),
                ("to", plan.new_value),
            ],
        );
        {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{question} {} ", l.t("confirm-prompt"));
            let _ = err.flush();
        }
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if !is_yes(l, &answer) {
            note(&l.t("confirm-cancelled"));
            return Ok(());
        }
    }

    let write = Op {
        write: true,
        policy_id,
        target,
        value: Some(value),
    };
    match target {
        Target::Product(id) => {
            let p = call!(ctx, api, &write, c => c.update_product_policy(policy_id, id, value));
            note(&t(
                l,
                "update-done",
                &[
                    ("policy", p.policy_id.clone()),
                    (
                        "target",
                        t(
                            l,
                            "target-product",
                            &[
                                ("id", p.product_id.clone()),
                                ("name", p.product_name.clone()),
                            ],
                        ),
                    ),
                    ("value", p.policy_value.to_string()),
                ],
            ));
            emit(&output::product_policies(l, ctx.output(), &[p], true));
        }
        _ => {
            let offer = offer_type.unwrap_or_default();
            let p =
                call!(ctx, api, &write, c => c.update_offer_type_policy(policy_id, offer, value));
            note(&t(
                l,
                "update-done",
                &[
                    ("policy", p.policy_id.clone()),
                    (
                        "target",
                        t(
                            l,
                            "target-offer-type",
                            &[("id", p.scope_id.clone()), ("name", p.scope_value.clone())],
                        ),
                    ),
                    ("value", p.policy_value.to_string()),
                ],
            ));
            emit(&output::offer_type_policies(l, ctx.output(), &[p], true));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_in_every_language_and_nothing_else() {
        for lang in mscommerce_i18n::supported_languages() {
            let l = mscommerce_i18n::Localizer::new(lang);
            assert!(is_yes(&l, "y\n"), "{lang}");
            assert!(is_yes(&l, " YES "), "{lang}");
            assert!(!is_yes(&l, "\n"), "{lang}");
            assert!(!is_yes(&l, "n"), "{lang}");
            assert!(!is_yes(&l, "nope"), "{lang}");
        }
        assert!(is_yes(&mscommerce_i18n::Localizer::new("fr-FR"), "oui"));
        assert!(is_yes(&mscommerce_i18n::Localizer::new("nl-NL"), "ja"));
        assert!(is_yes(&mscommerce_i18n::Localizer::new("de-DE"), "j"));
        assert!(is_yes(&mscommerce_i18n::Localizer::new("zh-TW"), "是"));
    }

    #[test]
    fn name_filter_is_a_case_insensitive_substring_of_name_or_id() {
        let f = Some("bi p".to_owned());
        assert!(matches_text(&f, &["Power BI Pro", "CFQ7TTC0H9MP"]));
        assert!(!matches_text(&f, &["Visio Plan 1", "CFQ7TTC0HD33"]));
        assert!(matches_text(
            &Some("h9mp".into()),
            &["Power BI Pro", "CFQ7TTC0H9MP"]
        ));
        assert!(matches_text(&None, &["x"]));
    }
}
