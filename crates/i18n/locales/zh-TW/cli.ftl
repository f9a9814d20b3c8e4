### mscommerce CLI — zh-TW（正體中文，台灣）。原則值、產品名稱、識別碼與指令都是資料，不翻譯。

## Help

help-about = Microsoft 365 租用戶的自助購買原則：原則服務與其命令列（所有 MSCommerce Cmdlet，可在任何作業系統上執行）。
help-usage-heading = 用法：
help-heading-options = 選項
help-heading-commands = 命令
help-arg-help = 顯示說明
help-arg-version = 顯示版本
help-exit-codes =
    結束代碼：
      0  成功
      2  用法錯誤：引數錯誤、無法讀取認證檔案
      3  登入：尚未登入、登入遭拒或已過期（HTTP 401）、無法讀取權杖快取
      4  禁止：帳戶或應用程式缺少所需的角色或權限（HTTP 403）
      5  找不到：沒有此原則、產品或供應項目類型（HTTP 404）
      6  要求無效：服務拒絕了某個值（HTTP 400）
      7  服務或網路：服務失敗或過載（HTTP 5xx、429）、網路或 TLS 失敗

help-arg-endpoint = 授權服務 [預設值：https://licensing.m365.microsoft.com]
help-arg-token = 使用此存取權杖，而非已登入的設定檔（同 -Token）；「-」表示從 stdin 讀取
help-arg-profile = 要使用的登入設定檔；可並存多個 [預設值：目前的設定檔]
help-arg-output = 讀取結果的格式：table 供人閱讀，json 或 csv 供指令碼使用
help-arg-lang = 訊息語言：en-US、zh-TW、fr-FR、nl-NL、de-DE [預設值：取自 MSCOMMERCE_LANG、LC_ALL、LC_MESSAGES、LANG]
help-arg-verbose = 在 stderr 顯示每個要求（方法、URL、狀態、相互關聯識別碼與要求識別碼）；絕不顯示權杖或祕密

help-cmd-connect = 登入並將權杖保存在設定檔中（Connect-MSCommerce）
help-cmd-disconnect = 清除設定檔的權杖
help-cmd-whoami = 目前登入者：帳戶或應用程式、租用戶、角色或權限、到期時間
help-cmd-get-policies = 列出原則（Get-MSCommercePolicies）
help-cmd-get-policy = 顯示一個原則（Get-MSCommercePolicy）
help-cmd-get-product-policies = 列出每個產品或供應項目類型的原則（Get-MSCommerceProductPolicies）
help-cmd-get-product-policy = 顯示一個產品或供應項目類型的原則（Get-MSCommerceProductPolicy）
help-cmd-update-product-policy = 變更一個產品或供應項目類型的原則（Update-MSCommerceProductPolicy）

help-arg-tenant = 租用戶：網域名稱或租用戶識別碼 [預設值：organizations；應用程式必須指定]
help-arg-authority = 身分識別提供者 [預設值：Microsoft 服務使用 login.microsoftonline.com，其他服務使用端點本身的位址]
help-arg-device-code = 以裝置代碼登入（預設）：開啟顯示的網址並輸入代碼
help-arg-username = 以此使用者登入，密碼從 stdin 讀取（同 -AdminAccount；多重要素驗證的帳戶無法使用）
help-arg-password-stdin = 從 stdin 的第一行讀取密碼
help-arg-client-id = 以應用程式身分登入（用戶端認證），使用此用戶端識別碼；祕密取自 MSCOMMERCE_CLIENT_SECRET、--client-secret-file 或 --certificate
help-arg-client-secret-file = 第一行為應用程式用戶端密碼的檔案（切勿將祕密當作引數傳入）
help-arg-certificate = 含有應用程式憑證的 PEM 檔案（除非指定 --certificate-key，否則也含私密金鑰）
help-arg-certificate-key = 憑證的私密金鑰（PEM），當它不在 --certificate 檔案中時
help-arg-all = 清除所有設定檔
help-arg-policy-id = 原則
help-arg-scope = 產品或供應項目類型
help-arg-get-product-policies-value = 只顯示具有此值者
help-arg-name = 只顯示名稱或識別碼包含此文字者（不分大小寫）
help-arg-product-id = 產品識別碼（例如 CFQ7TTC0H9MP）；舊版識別碼會作用於目前的產品
help-arg-offer-type = 供應項目類型（例如 SaaS）
help-arg-enabled = true = Enabled，false = Disabled
help-arg-value = 新的值
help-arg-what-if = 顯示將會變更的內容，但不做任何變更
help-arg-confirm = 變更前先詢問

## Usage errors

usage-invalid-value = { $value } 不是 { $arg } 的有效值。
usage-missing-value = { $arg } 需要一個值。
usage-possible-values = 可用的值：{ $values }
usage-unknown-argument = 未知的選項 { $arg }。
usage-unknown-command = 未知的命令 { $command }。
usage-did-you-mean = 您是指 { $suggestion } 嗎？
usage-missing-required = 缺少：{ $args }
usage-conflict = { $arg } 不能與 { $other } 一起使用。
usage-missing-command = 要執行哪個命令？請參閱下方清單。
usage-more-info = 如需詳細資訊，請加上 --help。

## Failures (stderr)

error-line = 錯誤：{ $message }
failure-ids = 相互關聯識別碼：{ $correlation } · 要求識別碼：{ $request }（請提供給支援人員）
failure-correlation = 相互關聯識別碼：{ $correlation }（請提供給支援人員）
service-said = 服務回應：{ $reason }
identity-provider-said = 身分識別提供者回應：{ $reason }
technical-detail = 詳細資料：{ $message }
list-none = 無
list-separator = 、
word-or = 或
placeholder-tenant = <租用戶>
access-read = 才能讀取原則
access-write = 才能變更原則
connect-again = 請重新連線：{ $command }
connect-first = 請先連線：{ $command }

error-runtime = 無法啟動：{ $message }
error-stdin = 無法讀取 stdin：{ $message }
error-token-empty = 以 --token 提供的權杖是空的。
error-token-not-jwt = 以 --token 提供的權杖不是 JWT 存取權杖。
error-password-empty = stdin 中沒有密碼：請以管線傳入，例如 printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
error-app-needs-tenant = 應用程式只能登入一個租用戶：請加上 --tenant 並指定其網域名稱或租用戶識別碼。
error-no-target = 請指定對象：--product-id 或 --offer-type。
error-no-value = 請指定新的值：--enabled true|false 或 --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod。
error-profile-endpoint-mismatch = 設定檔 { $profile } 登入的是 { $profileEndpoint }，而不是 { $endpoint }。請省略 --endpoint，或在另一個設定檔中登入 { $endpoint }：{ $command }

error-forbidden-read = 存取遭拒：讀取自助購買原則需要全域管理員（舊稱公司系統管理員）、計費管理員或全域讀取者帳戶。
error-forbidden-write = 存取遭拒：變更自助購買原則需要全域管理員（舊稱公司系統管理員）或計費管理員帳戶。全域讀取者只能讀取。
forbidden-signed-in-as = 您目前以 { $account }（租用戶 { $tenant }）登入，角色為：{ $roles }。
forbidden-what-to-do = 您可以：
forbidden-reconnect = {"  "}• 改用具有上述其中一個角色的帳戶重新連線：{ $command }
forbidden-ask-admin = {"  "}• 或請您的 IT 系統管理員指派下列其中一個角色給您：{ $roles }。
error-forbidden-app = 存取遭拒：應用程式 { $app } 需要應用程式權限 { $permission } { $access }。
forbidden-app-has = 此應用程式目前具有：{ $permissions }。
forbidden-app-grant = {"  "}• 請系統管理員授與 { $app } 應用程式權限 { $permission }（並給予系統管理員同意），
forbidden-app-reconnect = {"  "}• 然後重新連線，讓新的權杖包含此權限：{ $command }

error-sign-in-expired = 您的登入已過期或遭服務拒絕。請重新連線：{ $command }
error-token-refused = 服務拒絕了以 --token 提供的權杖：權杖已過期，或不是為此服務所發行。請取得新的權杖，或登入：{ $command }

error-product-not-found = 原則 { $policy } 中沒有產品 { $product }。
error-offer-type-not-found = 原則 { $policy } 中沒有供應項目類型 { $offerType }。
error-policy-not-found = 沒有原則 { $policy }。
not-found-closest = 最接近的項目：
not-found-list-all = 列出全部：{ $command }
not-found-known-policies = 已知的原則：{ $policies }

error-invalid-request = 服務認為要求無效而拒絕（HTTP { $status }）。
error-invalid-value = 服務拒絕了 { $target } 的值 { $value }（HTTP { $status }）。
invalid-allowed-values = 允許的值：{ $values }
error-busy = 服務過載（HTTP { $status }），嘗試 { $attempts } 次後仍是如此。請幾分鐘後再試。
error-service = 服務發生錯誤（HTTP { $status }）。請再試一次；若持續失敗，請將下列識別碼提供給服務的營運人員。
error-unexpected-answer = { $url } 的回應不是授權 API 的回應（HTTP { $status }）：--endpoint 是否正確？

error-network-dns = 找不到 { $url } 的主機：請檢查 --endpoint 以及您的網路或 Proxy。
error-network-connect = { $url } 沒有回應：服務是否正在執行？位址是否正確？
error-network-tls = 與 { $url } 的安全連線失敗：其憑證不受信任，或對該名稱無效。
error-network-timeout = { $url } 未及時回應：請檢查網路後再試一次。
error-network-redirect = { $url } 回應了重新導向，而 mscommerce 絕不跟隨重新導向（權杖不得送往別處）：請檢查 --endpoint 與 --authority。
error-network-other = 與 { $url } 的連線失敗。

error-sign-in-refused = 身分識別提供者拒絕了登入（{ $error }）。
hint-invalid-grant = 請檢查使用者名稱與密碼。啟用多重要素驗證的帳戶無法以密碼登入：請改用裝置代碼：{ $command }
hint-invalid-client = 請檢查應用程式的用戶端識別碼及其祕密或憑證，並確認此應用程式存在於此租用戶中。
error-device-declined = 登入已被拒絕。
error-device-expired = 代碼在登入完成前已過期。
error-device-bad-code = 身分識別提供者已不認得此登入代碼。
error-not-connected = 尚未登入（設定檔 { $profile }）。
not-connected-known = 已登入的設定檔：{ $profiles }（以 --profile 選擇）
error-sign-in-cannot-renew = 設定檔 { $profile } 的登入已過期，且無法更新。
error-cache-corrupt = 無法讀取權杖快取 { $path }；您的登入資訊已遺失。
error-cache-io = 無法使用權杖快取 { $path }。
error-no-config-dir = 找不到權杖快取的設定目錄：請設定 MSCOMMERCE_CONFIG_DIR。
error-profile-name = { $name } 不是有效的設定檔名稱：請使用 1 到 64 個字母、數字、「.」、「-」或「_」。

error-credential-read = 無法讀取 { $path }：{ $message }
error-credential-empty = { $path } 是空的。
error-no-certificate = { $path } 中沒有憑證（-----BEGIN CERTIFICATE-----）。
error-no-private-key = { $path } 中沒有 RSA 私密金鑰：請將它加入檔案，或以 --certificate-key 指定。
error-bad-key = 無法使用 { $path } 中的私密金鑰：{ $message }
error-no-secret = 沒有用戶端密碼：請設定 MSCOMMERCE_CLIENT_SECRET，或指定 --client-secret-file 或 --certificate（切勿將祕密本身當作引數）。
error-sign-assertion = 無法簽署用戶端判斷提示：{ $message }
error-endpoint-url = { $value } 不是 URL。
error-endpoint-scheme = { $value }：只允許 https（或連到本機的 http），權杖絕不以明文在網路上傳送。
error-endpoint-extra = { $value } 不得包含使用者名稱、密碼、查詢字串或片段。
error-tenant = { $value } 不是租用戶：請使用網域名稱、租用戶識別碼、organizations 或 common。

## Sign-in

connect-device-code = 若要登入，請在瀏覽器中開啟 { $url } 並輸入代碼 { $code }（{ $minutes } 分鐘內有效）。正在等待您完成…
connect-done-user = 已以 { $account } 連線到租用戶 { $tenant }（設定檔 { $profile }）。
connect-done-app = 已以應用程式 { $account } 連線到租用戶 { $tenant }（設定檔 { $profile }）。
connect-cache-replaced = 已取代無法讀取的權杖快取 { $path }。
disconnect-done = 已登出：{ $profiles }。
disconnect-nothing = 沒有需要清除的項目：沒有已登入的設定檔。

whoami-profile = 設定檔
whoami-token-given = （以 --token 提供的權杖）
whoami-endpoint = 服務
whoami-kind = 登入身分
whoami-kind-user = 使用者
whoami-kind-app = 應用程式
whoami-account = 帳戶
whoami-app = 應用程式（用戶端識別碼）
whoami-tenant = 租用戶
whoami-roles = 角色
whoami-permissions = 權限
whoami-expires = 權杖到期時間
whoami-expired = 已過期

role-global-administrator = 全域管理員
role-billing-administrator = 計費管理員
role-global-reader = 全域讀取者
role-user = 使用者

## Results

column-policy-id = 原則識別碼
column-description = 描述
column-default-value = 預設值
column-product-name = 產品名稱
column-product-id = 產品識別碼
column-policy-value = 原則值
column-offer-type = 供應項目類型
list-empty = 沒有符合的項目。

target-product = { $name }（{ $id }）
target-offer-type = 供應項目類型 { $id }（{ $name }）
target-product-id = 產品 { $id }
target-offer-type-id = 供應項目類型 { $id }
what-if-change = 假設：{ $target } 的原則 { $policy } 將從 { $from } 變更為 { $to }。未做任何變更。
what-if-no-change = 假設：{ $target } 的原則 { $policy } 已經是 { $from }；不會有任何變更。
confirm-change = 要將 { $target } 的原則 { $policy } 從 { $from } 變更為 { $to } 嗎？
confirm-prompt = [y/N]
confirm-yes-answers = y, yes, 是, 好
confirm-cancelled = 未做任何變更。
update-done = { $target } 的原則 { $policy } 現在是 { $value }。此設定適用於日後的購買與試用，不影響現有的訂閱。
