## 裝置代碼登入頁面 (/devicelogin)。

device-title = 登入 mscommerce
device-intro = 請輸入要求您登入的程式所顯示的代碼，然後輸入您的帳戶和密碼。
device-code-label = 代碼
device-username-label = 帳戶 (user@domain)
device-password-label = 密碼
device-sign-in = 登入
device-decline = 拒絕
device-hint = 只有在這次登入是您自己開始的情況下才繼續。切勿輸入別人傳給您的代碼。
device-approved = 您已登入為 { $user }。提出要求的程式現在可以繼續。
device-declined = 登入已被拒絕。提出要求的程式會收到通知。
device-close-window = 您可以關閉此視窗。
device-bad-credentials = { $attempts ->
    [one] 帳戶或密碼錯誤。您還有一次機會。
   *[other] 帳戶或密碼錯誤。您還有 { $attempts } 次機會。
}
device-too-many-attempts = 密碼錯誤次數過多：此代碼已無法使用。請重新開始登入以取得新代碼。
device-wrong-tenant = 此代碼屬於目錄 { $tenant }。請使用該目錄的帳戶登入。
device-account-disabled = 此帳戶已停用。請洽詢您的系統管理員。
device-unknown-code = 此代碼無效：可能輸入錯誤、已過期或已使用。請檢查代碼，或重新開始登入以取得新代碼。
device-unavailable = 登入服務目前無法回應。請稍後再試。
device-idp-off = 此服務沒有內建登入；請使用貴組織的身分識別提供者登入。
