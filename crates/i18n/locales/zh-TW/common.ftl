### Terms shared by the CLI and the web pages.

-brand = mscommerce

## Purchase decisions, shown by storefronts to the user who asked.

decision-policy-enabled = 您可以購買或試用 { $product }。
decision-policy-disabled = 您的組織不允許您自行購買或試用 { $product }。請向您的 IT 系統管理員申請授權。
decision-only-trials-allowed = 您的組織僅允許不需付款方式的 { $product } 試用，不允許購買。請開始此類試用，或向您的 IT 系統管理員申請授權。
decision-payment-method-not-allowed = 您的組織僅允許不提供付款方式的 { $product } 試用。請在不輸入付款方式的情況下開始試用，或向您的 IT 系統管理員申請授權。
decision-no-trial-without-payment-method = 您的組織僅允許不需付款方式的試用，而 { $product } 沒有提供此類試用。請向您的 IT 系統管理員申請授權。
decision-trial-without-payment-method = 您可以在不提供付款方式的情況下開始試用 { $product }。
decision-product-retired = { $product } 已停止銷售。請向您的 IT 系統管理員詢問替代產品。
