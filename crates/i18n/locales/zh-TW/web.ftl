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
authorize-title = 登入
authorize-intro = { $app } 要求您登入 { $tenant }。
authorize-intro-any = { $app } 要求您以組織帳戶登入。
authorize-bad-credentials = 使用者名稱或密碼錯誤。請檢查後再試一次。
authorize-error-title = 無法繼續此登入
authorize-error-hint = 請回到應用程式重新開始登入。如果再次發生，請將此訊息提供給您的系統管理員。
authorize-origin = 此登入表單來自其他網站，已遭拒絕。請從應用程式重新開啟登入。
authorize-bad-request = 無法讀取登入要求。請回到應用程式重新開始。
page-title = 自助試用與購買
page-landing = 登入以查看及變更組織中的人員可以自行購買或試用哪些產品。
page-sign-in = 登入
page-sign-out = 登出
page-signed-in-as = 已登入為 { $user }
page-intro = 選擇組織中的使用者是否可以自行購買或試用這些產品。
page-search = 搜尋產品
page-filter = 設定
page-filter-all = 所有設定
page-sort = 排序依據
page-sort-name = 名稱
page-sort-setting = 設定
page-apply = 套用
page-col-product = 產品
page-col-setting = 設定
page-count = { $count ->
    [one] 1 項產品
   *[other] { $count } 項產品
}
value-enabled = 允許
value-trials = 僅允許試用
value-disabled = 不允許
page-future-only = 變更只會影響未來的購買與試用；已購買或已開始的項目維持不變。
page-save = 儲存
page-saved = { $product }：已儲存為「{ $value }」。
page-conflict = 在您檢視期間，其他人已變更 { $product }：目前為「{ $value }」。請確認後，若仍要變更請再次儲存。
page-readonly = 您可以查看但無法變更這些設定：您的角色是全域讀取者。全域管理員或計費管理員可以變更這些設定。
page-noaccess-title = 您無法管理自助購買
page-noaccess-who = 您已登入為 { $user }。
page-noaccess-roles = 只有這些角色可以變更這些設定：全域管理員、計費管理員。全域讀取者可以查看。
page-noaccess-how = 請組織的全域管理員指派其中一個角色給您，然後登出再重新登入。
page-csrf = 此表單已過期或並非來自此頁面，因此已遭拒絕，未做任何變更。請重新載入頁面後再試一次。
page-session-expired = 您的工作階段已結束。請重新登入。
page-bad-request = 無法讀取表單，未做任何變更。請重新載入頁面後再試一次。
page-not-found = 目錄中沒有此產品。請重新載入頁面以查看目前的清單。
page-unavailable = 服務目前無法回應，未做任何變更。請稍後再試。
page-signin-failed = 無法完成登入：{ $reason } 請重新登入。
page-refused = 此變更已遭拒絕：{ $reason }
page-language = 語言
page-default-title = 新產品的預設值
page-default-intro = 從現在起加入目錄的產品會以此設定開始（沒有試用版的產品會以「不允許」取代「僅允許試用」）。
page-default-saved = 新產品將以「{ $value }」開始。
page-bulk-title = 變更選取的產品
page-bulk-select = 選取 { $product }
page-bulk-value = 新設定
page-bulk-save = 儲存至選取的產品
page-bulk-saved = { $count ->
    [one] 已將 1 項產品儲存為「{ $value }」。
   *[other] 已將 { $count } 項產品儲存為「{ $value }」。
}
page-bulk-none = 請先選取至少一項產品；未做任何變更。
