//! The policy commands: the module's Get-/Update-MSCommerce* cmdlets.

use std::io::IsTerminal as _;
use std::io::{BufRead, Write};

use mscommerce_proto::{PolicyValue, SCOPE_OFFER_TYPE, SCOPE_PRODUCT};

use crate::client::args::{ScopeArg, TargetArgs, UpdateArgs};
use crate::client::context::Ctx;
use crate::client::errors::{Failure, Op, Target};
use crate::client::tenants::Job;
use crate::client::{emit, note};
use crate::render::Section;
use crate::render::policies::PlannedChange;
use crate::render::{self};
use crate::text::t;

/// `get-policies`.
pub(crate) struct GetPolicies;

impl Job for GetPolicies {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let mut api = ctx.api().await?;
        let op = Op {
            write: false,
            policy_id: mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE,
            target: Target::Policies,
            value: None,
        };
        let items = api.call(ctx, &op, async |c| c.policies().await).await?;
        Ok(render::policies::policies_section(&ctx.l, &items, false))
    }
}

/// `get-policy`.
pub(crate) struct GetPolicy {
    pub(crate) policy_id: String,
}

impl Job for GetPolicy {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let policy_id = self.policy_id.as_str();
        let mut api = ctx.api().await?;
        let op = Op {
            write: false,
            policy_id,
            target: Target::Policy,
            value: None,
        };
        let policy = api
            .call(ctx, &op, async |c| c.policy(policy_id).await)
            .await?;
        Ok(render::policies::policies_section(&ctx.l, &[policy], true))
    }
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

/// `get-product-policies`.
pub(crate) struct GetProductPolicies {
    pub(crate) policy_id: String,
    pub(crate) scope: ScopeArg,
    pub(crate) value: Option<PolicyValue>,
    pub(crate) name: Option<String>,
}

impl Job for GetProductPolicies {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let policy_id = self.policy_id.as_str();
        let (value, name) = (self.value, &self.name);
        let mut api = ctx.api().await?;
        match self.scope {
            ScopeArg::Product => {
                let op = Op {
                    write: false,
                    policy_id,
                    target: Target::Products,
                    value: None,
                };
                let items = api
                    .call(ctx, &op, async |c| c.product_policies(policy_id).await)
                    .await?;
                let items: Vec<_> = items
                    .into_iter()
                    .filter(|p| value.is_none_or(|v| p.policy_value == v))
                    .filter(|p| matches_text(name, &[&p.product_name, &p.product_id]))
                    .collect();
                Ok(render::policies::product_policies_section(
                    &ctx.l, &items, false,
                ))
            }
            ScopeArg::OfferType => {
                let op = Op {
                    write: false,
                    policy_id,
                    target: Target::OfferTypes,
                    value: None,
                };
                let items = api
                    .call(ctx, &op, async |c| c.offer_type_policies(policy_id).await)
                    .await?;
                let items: Vec<_> = items
                    .into_iter()
                    .filter(|p| value.is_none_or(|v| p.policy_value == v))
                    .filter(|p| matches_text(name, &[&p.scope_id, &p.scope_value]))
                    .collect();
                Ok(render::policies::offer_type_policies_section(
                    &ctx.l, &items, false,
                ))
            }
        }
    }
}

/// `get-product-policy`.
pub(crate) struct GetProductPolicy {
    pub(crate) policy_id: String,
    pub(crate) target: TargetArgs,
}

impl Job for GetProductPolicy {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let policy_id = self.policy_id.as_str();
        let mut api = ctx.api().await?;
        match (&self.target.product_id, &self.target.offer_type) {
            (Some(id), _) => {
                let op = Op {
                    write: false,
                    policy_id,
                    target: Target::Product(id),
                    value: None,
                };
                let p = api
                    .call(ctx, &op, async |c| c.product_policy(policy_id, id).await)
                    .await?;
                Ok(render::policies::product_policies_section(
                    &ctx.l,
                    &[p],
                    true,
                ))
            }
            (None, Some(offer_type)) => {
                let op = Op {
                    write: false,
                    policy_id,
                    target: Target::OfferType(offer_type),
                    value: None,
                };
                let p = api
                    .call(ctx, &op, async |c| {
                        c.offer_type_policy(policy_id, offer_type).await
                    })
                    .await?;
                Ok(render::policies::offer_type_policies_section(
                    &ctx.l,
                    &[p],
                    true,
                ))
            }
            (None, None) => Err(Failure::local(
                crate::client::exit::Exit::Usage,
                &ctx.l,
                "error-no-target",
                &[],
            )),
        }
    }
}

/// The answers that mean "yes" in the user's language (and always `y` / `yes`).
pub(crate) fn is_yes(l: &mscommerce_i18n::Localizer, answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    !answer.is_empty()
        && (["y", "yes"].contains(&answer.as_str())
            || l.t("confirm-yes-answers")
                .split(',')
                .any(|a| a.trim().to_lowercase() == answer))
}

/// The value of `--value` or `--enabled`.
pub(crate) fn value_of(
    l: &mscommerce_i18n::Localizer,
    args: &UpdateArgs,
) -> Result<PolicyValue, Failure> {
    match (args.value, args.enabled) {
        (Some(v), _) => Ok(v.into()),
        (None, Some(true)) => Ok(PolicyValue::Enabled),
        (None, Some(false)) => Ok(PolicyValue::Disabled),
        (None, None) => Err(Failure::local(
            crate::client::exit::Exit::Usage,
            l,
            "error-no-value",
            &[],
        )),
    }
}

/// Asks `question [y/N]` on stderr and reads the answer from stdin. Without a terminal, no
/// answer at all (stdin empty or closed, as in CI) is a usage error naming `flag`, never a
/// quiet "no" that exits 0 with nothing done; an answer piped in is an answer.
pub(crate) fn ask(
    l: &mscommerce_i18n::Localizer,
    question: &str,
    flag: &str,
) -> Result<bool, Failure> {
    {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{question} {} ", l.t("confirm-prompt"));
        let _ = err.flush();
    }
    let mut answer = String::new();
    let stdin = std::io::stdin();
    let read = stdin.lock().read_line(&mut answer);
    if matches!(read, Ok(0) | Err(_)) && !stdin.is_terminal() {
        let _ = writeln!(std::io::stderr());
        return Err(Failure::local(
            crate::client::exit::Exit::Usage,
            l,
            "error-no-answer",
            &[("flag", flag.to_owned())],
        ));
    }
    Ok(is_yes(l, &answer))
}

pub(crate) async fn update_product_policy(ctx: &Ctx, args: &UpdateArgs) -> Result<(), Failure> {
    let l = &ctx.l;
    if args.tenants.many() {
        return Err(Failure::local(
            crate::client::exit::Exit::Usage,
            l,
            "error-tenants-without-all",
            &[],
        ));
    }
    if !args.except.is_empty() {
        return Err(Failure::local(
            crate::client::exit::Exit::Usage,
            l,
            "error-except-without-all",
            &[],
        ));
    }
    let value = value_of(l, args)?;
    let policy_id = args.policy_id.as_str();
    let (product_id, offer_type) = (args.product_id.as_deref(), args.offer_type.as_deref());
    let target = match (product_id, offer_type) {
        (Some(id), _) => Target::Product(id),
        (None, Some(t)) => Target::OfferType(t),
        (None, None) => {
            return Err(Failure::local(
                crate::client::exit::Exit::Usage,
                l,
                "error-no-target",
                &[],
            ));
        }
    };
    let mut api = ctx.api().await?;

    if args.what_if || (args.confirm && !args.yes) {
        let read = Op {
            write: false,
            policy_id,
            target,
            value: None,
        };
        let plan = match target {
            Target::Product(id) => {
                let p = api
                    .call(ctx, &read, async |c| c.product_policy(policy_id, id).await)
                    .await?;
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
                let p = api
                    .call(ctx, &read, async |c| {
                        c.offer_type_policy(policy_id, t).await
                    })
                    .await?;
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
            emit(&render::policies::planned_change(l, ctx.output(), &plan));
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
                ("where", api.target(l)),
            ],
        );
        if !ask(l, &question, "--yes")? {
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
            let p = api
                .call(ctx, &write, async |c| {
                    c.update_product_policy(policy_id, id, value).await
                })
                .await?;
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
            emit(&render::policies::product_policies(
                l,
                ctx.output(),
                &[p],
                true,
            ));
        }
        _ => {
            let offer = offer_type.unwrap_or_default();
            let p = api
                .call(ctx, &write, async |c| {
                    c.update_offer_type_policy(policy_id, offer, value).await
                })
                .await?;
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
            emit(&render::policies::offer_type_policies(
                l,
                ctx.output(),
                &[p],
                true,
            ));
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
