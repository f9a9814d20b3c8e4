# 其文字不在 cli.ftl 中的命令說明：營運者的命令（serve、admin）、子子命令（profile、webhook）、
# completion、man 與 help。識別碼：命令為 help-cmd-{路徑}，選項為 help-arg-{路徑}-{選項}；{路徑}
# 是以 "-" 連接的子命令名稱。營運者的命令共用 help-arg-operator-{選項}。

## 所有命令共用

help-arg-timeout = 超過這段時間就放棄整個命令（30s、2m、…）[預設值：無限制]
help-heading-arguments = 引數
help-default = [預設值：{ $value }]
help-possible-values = [可能的值：{ $values }]
help-env = [環境變數：{ $name }]
help-cmd-help = 顯示此說明，或指定子命令的說明
help-cmd-completion = 輸出殼層的自動完成指令碼，例如 mscommerce completion bash > /etc/bash_completion.d/mscommerce
help-arg-completion-shell = 殼層：bash、zsh、fish、powershell 或 elvish
help-cmd-man = 輸出手冊頁（roff），例如 mscommerce man > /usr/local/share/man/man1/mscommerce.1

## 用戶端的子子命令

help-cmd-profile-list = 每個設定檔：租用戶、帳戶、服務，以及哪一個是目前的設定檔
help-cmd-profile-use = 將此設定檔設為不加 --profile 時命令所使用的設定檔
help-arg-profile-use-name = 設定檔的名稱（請參閱 profile list）
help-cmd-profile-show = 一個設定檔的詳細資料（未指定時為目前的設定檔）；絕不顯示其權杖
help-arg-profile-show-name = 設定檔的名稱 [預設值：目前的設定檔]
help-arg-update-product-policy-yes = 對 --all 與 --confirm 提出的問題回答「是」（供沒有終端機可回答的指令碼使用）
help-cmd-webhook-add = 註冊一個 https 端點；其簽署密碼只會顯示一次
help-arg-webhook-add-url = 傳遞內容的送達位置（https，公用位址）
help-arg-webhook-add-events = 只包含這些事件，以逗號分隔 [預設值：全部]
help-arg-webhook-add-secret-stdin = 從 stdin 讀取簽署密碼（whsec_…），而不是自動產生
help-cmd-webhook-list = 租用戶的端點
help-cmd-webhook-remove = 移除一個端點（其待傳遞的內容一併移除）
help-arg-webhook-remove-id = 端點的識別碼（請參閱 webhook list）
help-cmd-webhook-deliveries = 一個端點的傳遞紀錄，最新的在前，附上結果
help-arg-webhook-deliveries-id = 端點的識別碼（請參閱 webhook list）
help-arg-webhook-deliveries-top = 最多這麼多筆傳遞紀錄
help-cmd-webhook-replay = 重新傳送某筆傳遞
help-arg-webhook-replay-id = 端點的識別碼（請參閱 webhook list）
help-arg-webhook-replay-delivery = 傳遞的識別碼（請參閱 webhook deliveries）

## serve

help-cmd-serve = 執行原則服務：授權 API、內建身分識別提供者、管理頁面、健康狀態檢查
help-arg-operator-config = TOML 設定檔（選項優先於 MSCOMMERCE_* 變數，變數優先於此檔案）
help-arg-operator-data-dir = SQLite 資料庫與簽署金鑰的存放位置 [預設值：平台的資料目錄]
help-arg-operator-database-url = 使用 PostgreSQL（postgres://…）取代資料目錄中的 SQLite
help-arg-serve-listen = 要接聽的位址 [預設值：127.0.0.1:8080]；連接埠 0 會挑選可用的連接埠
help-arg-serve-public-url = 用戶端連線到此服務的位址（其權杖的簽發者）[預設值：http://位址]
help-arg-serve-demo = 建立固定的示範目錄（contoso.example、fabrikam.example）；僅限回送位址
help-arg-serve-log-json = 以 JSON 行而非文字記錄（輸出至 stderr）
help-arg-serve-tls-cert = 以此憑證提供 HTTPS（PEM，後接其憑證鏈）；檔案變更時會重新載入
help-arg-serve-tls-key = 憑證的私密金鑰（PEM）
help-arg-serve-metrics-listen = 在 http://位址/metrics 提供 Prometheus 計量，使用獨立的接聽程式 [預設值：無]
help-arg-serve-trusted-proxies = 一個 Proxy（位址或網路），其 X-Forwarded-For 指出用戶端，用於智慧鎖定、登入節流與日誌；可重複或以逗號分隔 [預設值：無]
help-arg-serve-allow-private-webhooks = 允許 Webhook 使用一般 http，並送往回送、私人與連結本機位址（實驗室與測試；絕不在共用網路上使用）

## admin

help-cmd-admin = 營運者針對資料目錄或資料庫的命令：租用戶、使用者、應用程式、金鑰、目錄、稽核日誌
help-cmd-admin-tenant = 內建目錄的租用戶
help-cmd-admin-tenant-add = 新增租用戶
help-arg-admin-tenant-add-domain = 其網域名稱，例如 contoso.com
help-arg-admin-tenant-add-name = 其顯示名稱 [預設值：網域]
help-arg-admin-tenant-add-id = 其租用戶識別碼（GUID）[預設值：新的識別碼]；若要對應某個租用戶，請提供 Entra ID 的租用戶識別碼
help-cmd-admin-tenant-list = 列出租用戶
help-cmd-admin-user = 內建目錄的使用者
help-cmd-admin-user-add = 新增使用者；密碼以 --password-stdin 從 stdin 讀取，否則會產生並只顯示一次
help-arg-admin-user-add-upn = 使用者主體名稱；除非指定 --tenant，否則其網域決定租用戶
help-arg-admin-user-add-name = 顯示名稱 [預設值：使用者主體名稱 @ 之前的部分]
help-arg-admin-user-add-tenant = 租用戶的網域或識別碼 [預設值：使用者主體名稱的網域]
help-arg-admin-user-add-roles = 目錄角色，可重複：global-admin、billing-admin、global-reader、license-admin、user-admin（或角色範本識別碼）
help-arg-admin-user-add-password-stdin = 從 stdin 的第一行讀取密碼，而不是產生一個
help-arg-admin-user-add-allow-weak = 接受從 stdin 讀入、但密碼原則會拒絕的密碼（原則要求至少 12 個字元，且不是常見密碼）
help-cmd-admin-user-reset-password = 設定新密碼（以 --password-stdin 從 stdin 讀取，否則會產生並只顯示一次）
help-arg-admin-user-reset-password-upn = 使用者主體名稱
help-arg-admin-user-reset-password-password-stdin = 從 stdin 的第一行讀取新密碼，而不是產生一個
help-arg-admin-user-reset-password-allow-weak = 接受從 stdin 讀入、但密碼原則會拒絕的密碼
help-cmd-admin-user-set-roles = 取代使用者的目錄角色
help-arg-admin-user-set-roles-upn = 使用者主體名稱
help-arg-admin-user-set-roles-roles = 目錄角色，可重複；一個都不給時，使用者就沒有角色
help-cmd-admin-user-list = 列出使用者
help-arg-admin-user-list-tenant = 只列出此租用戶的使用者（網域或識別碼）
help-cmd-admin-app = 內建目錄的應用程式（用戶端認證）
help-cmd-admin-app-add = 新增應用程式；除非指定 --certificate，否則會取得產生的祕密（只顯示一次）
help-arg-admin-app-add-name = 其顯示名稱
help-arg-admin-app-add-tenant = 租用戶的網域或識別碼
help-arg-admin-app-add-client-id = 其用戶端識別碼 [預設值：新的 GUID]
help-arg-admin-app-add-permissions = 應用程式權限，可重複：Policy.Read.AllowSelfServicePurchase、Policy.ReadWrite.AllowSelfServicePurchase 或 SelfServicePurchase.Evaluate.All（或其應用程式角色識別碼）
help-arg-admin-app-add-storefront = 店面：授與 SelfServicePurchase.Evaluate.All，可為每個租用戶取得購買決策（且不能存取其自身租用戶的原則）
help-arg-admin-app-add-certificate = PEM 憑證（或公開金鑰），應用程式可用其簽署的用戶端判斷提示取代祕密
help-arg-admin-app-add-redirect-uris = 授權碼流程可將應用程式的使用者送回的位址，可重複：在此登入使用者的 Web 應用程式（https，或 localhost 上的 http）
help-arg-admin-app-add-secret-stdin = 從 stdin 讀取祕密，而不是產生一個
help-arg-admin-app-add-allow-weak = 接受從 stdin 讀入、但密碼原則會拒絕的祕密
help-cmd-admin-app-reset-secret = 為應用程式產生新的祕密（只顯示一次）
help-arg-admin-app-reset-secret-tenant = 租用戶的網域或識別碼
help-arg-admin-app-reset-secret-client-id = 應用程式的用戶端識別碼
help-cmd-admin-app-list = 列出應用程式
help-arg-admin-app-list-tenant = 只列出此租用戶的應用程式（網域或識別碼）
help-cmd-admin-keys = 身分識別提供者的簽署金鑰
help-cmd-admin-keys-rotate = 啟用新的簽署金鑰；舊金鑰會持續發佈，直到其權杖到期。執行中的伺服器會在幾秒內察覺
help-arg-admin-keys-rotate-retire-after = 舊金鑰持續發佈並被接受的時間：預設為 65m（其簽署的權杖仍然有效）；0s 會立即淘汰它（金鑰外洩時：從此拒絕它簽署的每個權杖）。格式：30s、15m、2h、1d
help-cmd-admin-catalog = 所有租用戶共用的產品目錄
help-cmd-admin-catalog-add = 新增產品；每個租用戶都以其新產品的預設值取得它
help-arg-admin-catalog-add-product-id = 其產品識別碼，例如 CFQ7TTC0ABCD（1 到 64 個字母、數字、- 或 _）
help-arg-admin-catalog-add-name = 其名稱，即清單中顯示的名稱
help-arg-admin-catalog-add-trial-without-payment-method = 它提供不需付款方式的試用版（因此適用 OnlyTrialsWithoutPaymentMethod）
help-arg-admin-catalog-add-legacy-ids = 應作用於此產品的舊識別碼，可重複
help-cmd-admin-catalog-rename = 在每個租用戶中重新命名產品
help-arg-admin-catalog-rename-product-id = 產品的識別碼
help-arg-admin-catalog-rename-name = 其新名稱
help-cmd-admin-catalog-retire = 淘汰產品：從清單中移除並凍結其原則；仍可依識別碼讀取
help-arg-admin-catalog-retire-product-id = 產品的識別碼
help-cmd-admin-catalog-map-legacy = 讓指名舊識別碼（或已淘汰產品的識別碼）的要求作用於目前的產品
help-arg-admin-catalog-map-legacy-legacy-id = 舊識別碼
help-arg-admin-catalog-map-legacy-product-id = 目前產品的識別碼
help-cmd-admin-catalog-list = 列出每個產品，包括已淘汰的產品
help-cmd-admin-audit = 租用戶的稽核日誌
help-cmd-admin-audit-verify = 檢查每個租用戶（或單一租用戶）的雜湊鏈，並回報每條鏈第一個斷裂的環節；有鏈斷裂時結束代碼為 1。會輸出每條鏈的鏈頭雜湊：請另行保存，以便日後偵測從頭改寫或在結尾截斷的日誌
help-arg-admin-audit-verify-tenant = 租用戶的網域或識別碼 [預設值：每個租用戶]
help-arg-admin-audit-verify-expect-head = 先前對此租用戶執行 verify 時輸出並另行保存的鏈頭雜湊：它必須仍在鏈中（之後新增的項目沒有問題），否則表示日誌在那之後被截斷或改寫；此時結束代碼為 1
