### 服務的網頁（內建身分識別提供者的裝置登入頁面）— zh-TW。

device-title = 登入 mscommerce
device-intro = 請輸入命令列顯示的代碼，然後輸入帳戶的使用者名稱與密碼。
device-code-label = 代碼
device-username-label = 使用者名稱
device-password-label = 密碼
device-sign-in = 登入
device-decline = 拒絕
device-hint = 只有在您自己開始此登入（mscommerce connect）時才繼續。切勿輸入別人傳給您的代碼。
device-approved = 已以 { $user } 登入。您可以回到命令列。
device-declined = 已拒絕登入。命令列將停止等待。
device-close-window = 您可以關閉此視窗。
device-bad-credentials = 使用者名稱或密碼錯誤。還可以嘗試 { $attempts } 次。
device-too-many-attempts = 嘗試次數過多：此代碼已失效。請重新執行 mscommerce connect。
device-wrong-tenant = 此帳戶不屬於此登入所針對的租用戶 { $tenant }。
device-account-disabled = 此帳戶已停用。
device-unknown-code = 此代碼不明或已過期。請重新執行 mscommerce connect。
device-unavailable = 目前無法登入。請稍後再試。
device-idp-off = 此服務已關閉內建的身分識別提供者。
device-prompt = 此代碼會讓 { $app } 登入目錄 { $tenant }。只有在這是您自己開始的情況下才繼續。
