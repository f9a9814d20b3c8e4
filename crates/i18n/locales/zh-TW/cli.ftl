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
      8  偏差：diff 發現租用戶已不再符合檔案
      9  衝突：讀取後有人變更了某個值（HTTP 412），或請求已決定或仍待處理（HTTP 409）；未做任何變更
     10  輸出遺失：無法寫入結果（例如磁碟已滿）
     11  結果未知：已送出變更但沒有回應（Ctrl+C、--timeout）；請用 audit 檢查
    130  在變更任何內容之前已中斷（Ctrl+C）
      使用 --all-profiles 或 --profiles 時：取各租用戶中最嚴重的代碼（任何失敗都比偏差嚴重）。

help-arg-endpoint = 授權服務 [預設值：https://licensing.m365.microsoft.com]
help-arg-token = 使用此存取權杖，而非已登入的設定檔（同 -Token）；「-」表示從 stdin 讀取
help-arg-profile = 要使用的登入設定檔；可並存多個 [預設值：目前的設定檔]
help-arg-output = 讀取結果的格式：table 供人閱讀，json 或 csv 供指令碼使用
help-arg-lang = 訊息語言：en-US、zh-TW、fr-FR、nl-NL、de-DE [預設值：取自 MSCOMMERCE_LANG、LC_ALL、LC_MESSAGES、LANG]
help-arg-verbose = 在 stderr 顯示每個要求（方法、URL、狀態、相互關聯識別碼與要求識別碼）；絕不顯示權杖或祕密
help-arg-wide = 表格：顯示每一欄與每個儲存格的完整內容，不論多寬（預設會配合終端機寬度）

help-cmd-connect = 登入並將權杖保存在設定檔中（Connect-MSCommerce）
help-cmd-disconnect = 清除設定檔的權杖
help-cmd-whoami = 目前登入者：帳戶或應用程式、租用戶、角色或權限、到期時間
help-cmd-profile = 並存保存的登入：列出它們、選擇命令使用的登入、顯示其中一個
help-cmd-get-policies = 列出原則（Get-MSCommercePolicies）
help-cmd-get-policy = 顯示一個原則（Get-MSCommercePolicy）
help-cmd-get-product-policies = 列出每個產品或供應項目類型的原則（Get-MSCommerceProductPolicies）
help-cmd-get-product-policy = 顯示一個產品或供應項目類型的原則（Get-MSCommerceProductPolicy）
help-cmd-update-product-policy = 變更一個產品或供應項目類型的原則，或以 --all 一次變更全部（Update-MSCommerceProductPolicy）
help-cmd-update-policy = 變更租用戶對日後加入目錄之產品的預設值
help-cmd-export = 將租用戶的原則寫成期望狀態檔案（TOML 或 JSON）：預設值以及每個產品與供應項目類型
help-cmd-plan = 顯示套用期望狀態檔案將會變更的內容（目前 → 期望），但不做任何變更
help-cmd-apply = 讓租用戶符合期望狀態檔案：一次不可分割的變更，每個值都與讀取時的內容核對（If-Match）
help-cmd-diff = 檢查租用戶是否仍符合期望狀態檔案；發生偏差時結束代碼為 8
help-cmd-audit = 列出稽核日誌：誰在何時變更了什麼，以及遭拒的變更（最新的在前）
help-cmd-get-self-service-purchases = 列出商店為租用戶記錄的購買與試用：誰在何時購買或開始了什麼、數量多少（最新的在前）
help-cmd-request-license = 向租用戶的系統管理員申請某個產品的授權；由他們核准或拒絕
help-cmd-get-license-requests = 列出授權申請：您自己的，若您負責決定則為租用戶的全部申請（全域、計費、授權或使用者系統管理員）
help-cmd-approve-license-request = 核准待處理的授權申請（全域、計費、授權或使用者系統管理員）；會記入日誌
help-cmd-deny-license-request = 拒絕待處理的授權申請（全域、計費、授權或使用者系統管理員）；會記入日誌
help-cmd-webhook = Webhook：通知您的系統發生了什麼（原則已變更、試用已開始、已購買、授權申請已提出或已決定）：add、list、remove、deliveries、replay

help-arg-tenant = 租用戶：網域名稱或租用戶識別碼 [預設值：organizations；應用程式必須指定]
help-arg-authority = 身分識別提供者 [預設值：Microsoft 服務使用 login.microsoftonline.com，其他服務使用端點本身的位址]
help-arg-device-code = 以裝置代碼登入（預設）：開啟顯示的網址並輸入代碼
help-arg-username = 以此使用者和密碼登入：在終端機上詢問且不顯示輸入內容，或以 --password-stdin 從 stdin 讀取（同 -AdminAccount；多重要素驗證的帳戶無法使用）
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
help-arg-update-product-policy-all = 所有產品，以單一要求、單一交易完成
help-arg-all-offer-types = 所有供應項目類型（與 --all 併用：產品與供應項目類型在同一交易中）
help-arg-except = 與 --all 或 --all-offer-types 併用：保留這些產品或供應項目類型不變（以逗號分隔的識別碼）
help-arg-default-value = 日後加入目錄之產品的預設值（現有產品保留其值）
help-arg-all-profiles = 對每個已登入的設定檔（各一個租用戶）執行，並逐一報告各租用戶
help-arg-profiles = 對這些設定檔（以逗號分隔）執行，並逐一報告各租用戶
help-arg-file = 期望狀態檔案（TOML 或 JSON；「-」表示從標準輸入讀取）
help-arg-export-file = 檔案寫入位置 [預設值：標準輸出]；「-」表示標準輸出
help-arg-format = 檔案格式：toml（給人看）或 json [預設值：依副檔名；否則搭配 --output json 時為 json，其餘為 toml]
help-arg-force = 檔案已存在時予以取代
help-arg-yes = 不經詢問直接套用
help-arg-apply-what-if = 顯示計畫，但不做任何變更
help-arg-audit-product-id = 只列出與此產品相關的項目
help-arg-audit-offer-type = 只列出與此供應項目類型相關的項目
help-arg-actor = 只列出此使用者（登入名稱或物件識別碼）或應用程式（應用程式識別碼）的項目
help-arg-since = 只列出此時間之後的項目：RFC 3339（2026-11-20T09:00:00Z）、日期（UTC），或時長如 30m、24h、7d
help-arg-until = 只列出此時間之前的項目（格式同 --since）
help-arg-top = 最多列出這麼多項目，最新的在前
help-arg-audit-all = 所有項目（所有頁面）
help-arg-get-self-service-purchases-product-id = 只列出此產品的記錄（舊識別碼會找到其產品的記錄）
help-arg-user = 只列出此使用者的記錄：登入名稱或物件識別碼
help-arg-kind = 只列出此類型的記錄
help-arg-get-self-service-purchases-top = 最多列出這麼多筆記錄，最新的在前
help-arg-get-self-service-purchases-all = 所有記錄（所有頁面）
help-arg-request-license-product-id = 您需要的產品（例如 CFQ7TTC0H9MP）
help-arg-message = 訊息：您需要的原因，或給申請者的說明
help-arg-status = 只列出此狀態的申請
help-arg-get-license-requests-product-id = 只列出此產品的申請
help-arg-requester = 只列出此使用者的申請：登入名稱或物件識別碼
help-arg-get-license-requests-all = 所有申請（所有頁面）
help-arg-get-license-requests-top = 最多列出這麼多筆申請，最新的在前
help-arg-id = 申請的識別碼，如 get-license-requests 所示

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
error-tenants-without-all = --profiles 和 --all-profiles 只能搭配 --all 或 --all-offer-types 使用。若要在多個租用戶中變更單一產品，請將它寫入期望狀態檔案，再執行 apply --profiles。
error-password-typed-empty = 密碼是空的：請在提示時輸入（輸入時不會顯示），或不加 --username 執行 connect，改用裝置代碼登入。
error-password-stdin-terminal = --password-stdin 會從管線讀取密碼，但 stdin 是終端機，輸入時密碼會顯示在畫面上：請拿掉 --password-stdin，改為在不回顯的提示中輸入。
error-password-no-terminal = 沒有終端機可以詢問密碼：請以管線傳入並加上 --password-stdin，例如 printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
connect-password-prompt = { $upn } 的密碼：
error-app-needs-tenant = 應用程式只能登入一個租用戶：請加上 --tenant 並指定其網域名稱或租用戶識別碼。
error-no-target = 請指定對象：--product-id 或 --offer-type（或以 --all、--all-offer-types 一次指定全部）。
error-except-without-all = --except 只能與 --all 或 --all-offer-types 併用。
error-except-unknown = --except 指定的 { $id } 不是此租用戶的產品或供應項目類型。
error-offer-type-value = 供應項目類型只接受 Enabled 或 Disabled，不接受 { $value }：請拿掉 --all-offer-types，或選擇其他值。
error-profiles-with-token = --all-profiles 與 --profiles 使用已登入的設定檔；不能與 --token 併用。
error-profiles-with-profile = 單一租用戶請用 --profile，多個租用戶請用 --profiles 或 --all-profiles，兩者不能併用。
error-time = { $value } 不是 { $arg } 可用的時間：請使用 RFC 3339（2026-11-20T09:00:00Z）、日期（2026-11-20，UTC）或時長（30m、24h、7d、2w）。
error-apply-stdin-needs-yes = 檔案來自標準輸入，因此問題的回答無法從那裡取得：請加上 --yes 以套用（或加上 --what-if 以查看計畫）。
error-no-answer = 沒有可以提問的終端機，標準輸入也沒有回答，因此未做任何變更：請加上 { $flag } 以略過問題繼續。
error-device-code-no-terminal = 沒有可以顯示裝置代碼的終端機，因此無人能完成此登入：請加上 --device-code 仍要等候，或以 --username 和 --password-stdin 登入，或以 --client-id 作為應用程式登入。
where-profile = { $tenant }（設定檔 { $profile }，{ $account }）
where-token = { $tenant }（{ $account }）
error-batch-too-large = { $changes } 項變更無法放進單一交易（最多 { $max } 項）：請分割檔案。
error-no-value = 請指定新的值：--enabled true|false 或 --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod。
error-profile-endpoint-mismatch = 設定檔 { $profile } 登入的是 { $profileEndpoint }，而不是 { $endpoint }。請省略 --endpoint，或在另一個設定檔中登入 { $endpoint }：{ $command }

error-forbidden-read = 存取遭拒（HTTP 403 Forbidden）：讀取自助購買原則需要全域管理員（舊稱公司系統管理員）、計費管理員或全域讀取者帳戶。
error-forbidden-write = 存取遭拒（HTTP 403 Forbidden）：變更自助購買原則需要全域管理員（舊稱公司系統管理員）或計費管理員帳戶。全域讀取者只能讀取。
forbidden-signed-in-as = 您目前以 { $account }（租用戶 { $tenant }）登入，角色為：{ $roles }。
forbidden-what-to-do = 您可以：
forbidden-reconnect = {"  "}• 改用具有上述其中一個角色的帳戶重新連線：{ $command }
forbidden-ask-admin = {"  "}• 或請您的 IT 系統管理員指派下列其中一個角色給您：{ $roles }。
error-forbidden-app = 存取遭拒（HTTP 403 Forbidden）：應用程式 { $app } 需要應用程式權限 { $permission } { $access }。
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
error-conflict = 讀取後 { $target } 已被其他人變更，因此未做任何變更。
conflict-what-to-do = 請查看目前的狀態後再執行一次命令（若使用檔案：先 mscommerce plan -f 檔案，再 apply）。
error-batch-refused = 服務拒絕了對 { $target } 的變更（HTTP { $status }），因此未做任何變更。
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
error-timeout-value = --timeout { $value } 不是時間長度：請使用整數加單位，例如 30s 或 2m。
stopped-interrupted = 已中斷
stopped-timeout = 在 --timeout { $timeout } 內沒有回應
stopped-write = { $why }，而變更正在傳送中：可能已套用，也可能沒有。
stopped-check = 查看變更內容：{ $command }
stopped-read = 已中斷；未變更任何內容。
stopped-read-timeout = 在 --timeout { $timeout } 內沒有回應；未變更任何內容。請重試，或給予更多時間。
error-endpoint-version = { $value } 結尾含有 API 版本。請提供不含版本的服務位址：--endpoint { $without }（每個命令都會自行加上 /v1.0）。
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
whoami-token-cache = 權杖快取
profile-current = 目前
profile-authority = 身分識別提供者
profile-cache = 權杖快取
profile-none = 沒有已登入的設定檔。請使用 mscommerce connect 登入。
profile-now-current = { $profile } 現在是目前的設定檔：命令在未指定 --profile 時使用它。

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
target-default = 新產品的預設值
target-license-request = 授權申請 { $id }
target-something = 某個值
what-if-change = 假設：{ $target } 的原則 { $policy } 將從 { $from } 變更為 { $to }。未做任何變更。
what-if-no-change = 假設：{ $target } 的原則 { $policy } 已經是 { $from }；不會有任何變更。
confirm-change = 要將 { $where } 中 { $target } 的原則 { $policy } 從 { $from } 變更為 { $to } 嗎？
confirm-prompt = [y/N]
confirm-yes-answers = y, yes, 是, 好
confirm-cancelled = 未做任何變更。
update-done = { $target } 的原則 { $policy } 現在是 { $value }。此設定適用於日後的購買與試用，不影響現有的訂閱。
update-default-done = { $policy } 對日後加入目錄之產品的預設值現在是 { $value }。現有產品保留其值。

## 多個租用戶（--all-profiles、--profiles）

tenant-heading = == { $profile }：{ $tenant } ==
column-profile = 設定檔
column-tenant = 租用戶
column-result = 結果
column-exit-code = 代碼
summary-failed = 失敗（{ $reason }）
exit-name-usage = 用法錯誤
exit-name-sign-in = 登入
exit-name-forbidden = 禁止
exit-name-not-found = 找不到
exit-name-invalid = 要求無效
exit-name-service = 服務或網路
exit-name-drift = 偏差
exit-name-conflict = 衝突
exit-name-unknown = 結果未知
exit-name-interrupted = 已中斷
summary-items = { $count } 個項目
summary-default = 預設 { $value }
summary-no-changes = 沒有需要變更的項目
summary-to-change = { $count } 項變更
summary-applied = 已變更 { $count } 項
summary-in-sync = 一致
summary-drift = 偏差：{ $count } 處不同
progress-reading = 讀取中
progress-applying = 套用中

## 一次全部（update-product-policy --all）

column-name = 名稱
column-id = 識別碼
column-current = 目前
column-desired = 期望
bulk-done = 已在單一交易中將 { $count } 項變更為 { $value }；{ $unchanged } 項原本就是 { $value }；{ $excepted } 項保持不變（--except）。此設定適用於日後的購買與試用，不影響現有的訂閱。
bulk-what-if = 假設：{ $count } 項將變更為 { $value }；{ $unchanged } 項原本就是 { $value }；{ $excepted } 項保持不變（--except）。未做任何變更。
bulk-excepted = 保持不變：{ $items }
bulk-confirm = 要將 { $where } 中的這 { $count } 項變更為 { $value } 嗎？
bulk-confirm-tenants = 要將 { $tenants } 個租用戶中的 { $count } 項變更為 { $value } 嗎？

## 期望狀態（export、plan、apply、diff）

export-header-title = 原則 { $policy } 的期望狀態（由 mscommerce export 寫入）。
export-header-tenant = 租用戶 { $tenant }，由 { $account } 於 { $time } 匯出。
export-header-edit = 編輯這些值，然後：mscommerce plan -f 檔案（將變更什麼）、mscommerce apply -f 檔案（進行變更）；mscommerce diff -f 檔案 會報告偏差。
export-header-values = 值：Enabled、Disabled、OnlyTrialsWithoutPaymentMethod（僅限提供免付款方式試用的產品）；供應項目類型：Enabled 或 Disabled。
export-header-default = default_value 是日後加入目錄之產品的預設值。
export-header-unlisted = 未列出的產品與供應項目類型保持不變，除非設定 default_for_unlisted = "Enabled" 或 "Disabled"；diff 會報告它們。
export-done = 已將 { $tenant } 的預設值、{ $count } 個產品與 { $offerTypes } 個供應項目類型匯出到 { $path }。

error-file-read = 無法讀取 { $path }：{ $message }
error-file-write = 無法寫入 { $path }：{ $message }
error-file-exists = { $path } 已存在：請選擇其他檔案，或加上 --force 予以取代。
error-file-invalid-at = { $path } 不是有效的期望狀態檔案（第 { $line } 行，第 { $column } 欄）。
error-file-invalid = { $path } 不是有效的期望狀態檔案。
error-file-alias-conflict = 檔案同時列出 { $legacy }（{ $current } 的舊識別碼）與 { $current } 本身，且兩者的值不同：請只保留其中一個。
desired-syntax = 語法：{ $message }
desired-unknown-key = 未知的鍵 { $key }。此處允許：{ $allowed }。
desired-wrong-type = { $key } 必須是{ $expected }。
desired-expected-integer = 整數
desired-expected-string = 加上引號的字串
desired-expected-table = 表格
desired-expected-entry = 加上引號的值，或含 value（與 name）的表格
desired-expected-comment = 字串或字串清單
desired-bad-value = { $key }：此處不允許 { $value }。允許的值：{ $allowed }。
desired-bad-product-id = { $id } 不是產品識別碼：請使用 1 到 64 個字母、數字、「-」或「_」。
desired-bad-offer-type = { $id } 不是供應項目類型：請使用 1 到 64 個字母、數字、「-」或「_」。
desired-duplicate = { $key } 出現了兩次。
desired-version = 未知的版本 { $found }：此 mscommerce 讀取的是版本 1。
desired-unknown-policy = 沒有原則 { $policy }：已知的原則是 AllowSelfServicePurchase。
desired-missing-value = { $key } 沒有值：請加上 value = "Enabled"、"Disabled" 或 "OnlyTrialsWithoutPaymentMethod"。

plan-default-name = （新產品的預設值）
plan-offer-type = （供應項目類型）
plan-offer-type-name = （供應項目類型）{ $name }
plan-no-changes = 沒有變更：租用戶已符合 { $file }。
plan-summary = 計畫：{ $count } 項要變更；{ $inPlace } 項已正確。以 { $command } 套用。
plan-what-if = 假設：{ $count } 項將變更；{ $inPlace } 項已正確。未做任何變更。
apply-done = 已套用：在單一交易中變更 { $count } 項；{ $inPlace } 項已正確。此設定適用於日後的購買與試用，不影響現有的訂閱。
plan-left-alone = 不在檔案中，保持不變：{ $items }（{ $count } 項）
plan-not-in-tenant = 在檔案中但不在此租用戶（已淘汰或未知），已略過：{ $items }（{ $count } 項）
apply-confirm = 要將這 { $count } 項變更套用到 { $where } 嗎？
apply-confirm-tenants = 要在 { $tenants } 個租用戶中套用 { $count } 項變更嗎？

column-drift = 偏差
column-tenant-value = 租用戶
column-file-value = 檔案
drift-kind-default = 預設值已變更
drift-kind-changed = 已變更
drift-kind-unlisted = 不在檔案中
drift-kind-missing = 不在租用戶中
diff-in-sync = 一致：租用戶符合 { $file }。
diff-drifted = 偏差：租用戶與 { $file } 有 { $count } 處不同。

## 稽核

column-time = 時間（UTC）
column-actor = 執行者
column-target = 對象
column-change = 變更
column-user = 使用者
column-product = 產品
column-kind = 類型
column-quantity = 數量
column-requester = 申請者
column-status = 狀態
column-decided-by = 決定者
column-url = URL
column-events = 事件
column-event = 事件
column-attempts = 嘗試次數
column-last-answer = 最後回應
audit-actor-app = 應用程式 { $id }
audit-result-succeeded = 已變更
audit-result-refused = 遭拒（{ $reason }）

error-output = 錯誤：無法寫入輸出（{ $message }），輸出已遺失。請確認目標檔案或磁碟有空間且可寫入，然後再執行一次命令。

## The operator's commands (admin)
admin-column-tenant-id = 租用戶識別碼
admin-column-domain = 網域
admin-column-name = 名稱
admin-column-upn = UPN
admin-column-object-id = 物件識別碼
admin-column-roles = 角色
admin-column-client-id = 用戶端識別碼
admin-column-permissions = 權限
admin-column-redirect-uris = 重新導向 URI
admin-tenant-added = 已新增租用戶 { $domain }，識別碼為 { $id }
admin-user-added = 已將使用者 { $upn } 新增至租用戶 { $tenant }
admin-password-once = 密碼（僅顯示一次）：{ $password }
admin-password-reset = 已重設 { $upn } 的密碼
admin-roles-set = 已設定 { $upn } 的角色
admin-app-added = 已將應用程式 { $client } 新增至租用戶 { $tenant }
admin-secret-once = 用戶端密碼（僅顯示一次）：{ $secret }
admin-secret-reset = { $client } 的用戶端密碼（僅顯示一次）：{ $secret }
admin-no-such-tenant = 沒有租用戶「{ $tenant }」；請以 `mscommerce admin tenant list` 列出租用戶
admin-stdin-password-unreadable = 無法從 stdin 讀取密碼
admin-stdin-password-empty = stdin 上的密碼是空的
admin-stdin-secret-unreadable = 無法從 stdin 讀取用戶端密碼
admin-stdin-secret-empty = stdin 上的用戶端密碼是空的
admin-no-randomness = 沒有可用的隨機來源
admin-cannot-hash = 無法雜湊密碼：{ $reason }
admin-weak-secret = 已拒絕：{ $reason }。請選擇更強的密碼，或省略 --password-stdin / --secret-stdin 以取得產生的密碼，必要時可加上 --allow-weak。
admin-not-a-role = 「{ $role }」不是目錄角色；請使用 global-admin、billing-admin、global-reader 或 user
admin-not-a-upn = 「{ $upn }」不是使用者主體名稱（名稱@網域）
admin-not-a-permission = 「{ $permission }」不是應用程式權限；請使用 { $read }、{ $readWrite }，或商店應用程式的 { $evaluate }
admin-not-a-redirect-uri = 「{ $uri }」不能作為重新導向 URI：請提供不含 #片段的絕對 https:// 位址（http:// 僅限 localhost、127.0.0.1 或 [::1]）
admin-not-a-duration = 「{ $value }」不是有效的時間長度；請使用整數加單位，例如 0s、15m、2h 或 1d
admin-cannot-read-file = 無法讀取 { $path }
admin-cannot-create-dir = 無法建立 { $dir }
admin-data-dir-restricted = 已將 { $path } 限制為僅擁有者可存取：其他使用者原本可以讀取
admin-cannot-write = 無法寫入 stdout：{ $reason }
admin-cannot-add-tenant = 無法新增租用戶 { $domain }：{ $reason }
admin-cannot-add-user = 無法新增使用者 { $upn }：{ $reason }
admin-cannot-reset-password = 無法重設 { $upn } 的密碼：{ $reason }
admin-cannot-set-roles = 無法設定 { $upn } 的角色：{ $reason }
admin-cannot-add-app = 無法新增應用程式 { $client }：{ $reason }
admin-cannot-reset-secret = 無法重設 { $client } 的用戶端密碼：{ $reason }
admin-cannot-open-keys = 無法開啟簽署金鑰：{ $reason }
admin-cannot-rotate-key = 無法輪替簽署金鑰：{ $reason }
serve-cannot-listen = 無法在 { $addr } 上接聽
admin-keys-rotated = 新的簽署金鑰 { $kid } 已啟用；執行中的伺服器會自行採用。舊金鑰會持續發佈，直到它所簽署的權杖過期為止。
admin-catalog-column-product-id = 產品識別碼
admin-catalog-column-trial = 試用
admin-catalog-column-retired = 已淘汰
admin-catalog-column-name = 名稱
admin-catalog-column-legacy-ids = 舊版識別碼
admin-yes = 是
admin-no = 否
admin-catalog-added = 已將 { $product }（{ $name }）新增至目錄；每個租用戶都會以自己的新產品預設值取得它。
admin-catalog-renamed = 已將 { $product } 重新命名為 { $name }
admin-catalog-retired = 已淘汰 { $product }：清單不再列出它，其原則也不再變更；仍可依識別碼讀取。
admin-catalog-retired-already = { $product } 先前已淘汰
admin-catalog-mapped = 指名 { $legacy } 的要求現在會作用於 { $product }
admin-catalog-cannot-add = 無法新增 { $product }：{ $reason }
admin-catalog-cannot-rename = 無法重新命名 { $product }：{ $reason }
admin-catalog-cannot-retire = 無法淘汰 { $product }：{ $reason }
admin-catalog-cannot-map = 無法將 { $legacy } 對應至 { $product }：{ $reason }
admin-catalog-no-such-product = 沒有這個產品；請以 `mscommerce admin catalog list` 列出產品
admin-catalog-bad-name = 產品名稱為 1 到 256 個字元，且不含控制字元
admin-audit-intact = 租用戶 { $tenant }：{ $count } 筆項目，鏈結完整，鏈頭 { $head }
admin-audit-broken = 租用戶 { $tenant }：已損毀：{ $report }
admin-audit-unreadable = 項目 { $after } 之後的項目無法讀回（{ $reason }）：已遭竄改
admin-audit-broken-summary = { $count } 個租用戶日誌中有 { $broken } 個已損毀：它們在服務之外遭到變更
admin-audit-all-intact = 已驗證 { $count } 個租用戶日誌：全部完整。
admin-audit-head-found = 保存的鏈頭 { $head } 是第 { $entry } 筆：日誌仍包含它，之後新增了 { $count } 筆
admin-audit-head-missing = 保存的鏈頭 { $head } 不在日誌中：自保存以來，日誌末端的記錄已被移除或日誌遭改寫。請從先前的備份還原資料庫，並查明誰能存取該檔案
admin-audit-not-a-hash = 「{ $value }」不是鏈頭雜湊：請提供 audit verify 在「head」後印出的 64 位十六進位數字

## serve 的啟動訊息
serve-started = mscommerce { $version } 正在提供授權 API
serve-listening = 正在接聽 { $url }
serve-metrics = Prometheus 指標位於 { $url }
serve-data-postgres = 資料：PostgreSQL
serve-data-sqlite = 資料：{ $dir } 中的 SQLite
serve-demo-directory = 示範目錄：租用戶 contoso.example 與 fabrikam.example，密碼 demo-password，適用於
serve-demo-no-role = 無角色
serve-demo-apps = 應用程式 contoso-automation（讀寫）與 contoso-reporting（唯讀），密碼 demo-secret
serve-sign-in = 登入：mscommerce connect --endpoint { $url } --tenant { $tenant }
serve-your-domain = 您的網域
serve-stop = 按 Ctrl+C 停止。

request-status-pending = 待處理
request-status-approved = 已核准
request-status-denied = 已拒絕
request-status-expired = 已過期
license-request-filed = 已申請 { $product } 的授權：申請 { $id }。系統管理員將核准或拒絕；可用 mscommerce get-license-requests 查看進度。
license-request-approved = 已核准 { $requester } 對 { $product } 的申請。請在指派授權的地方指派授權。
license-request-denied = 已拒絕 { $requester } 對 { $product } 的申請。
webhook-added = 已在 { $url } 註冊 Webhook，事件：{ $events }。傳送內容以其密碼簽署（Standard Webhooks）；請在接收端驗證。
webhook-secret = 簽署密碼（只顯示一次；請保存在接收端可讀取的地方）：{ $secret }
webhook-removed = 已移除 Webhook { $id }；不會再傳送任何內容給它。
webhook-replayed = 將重新傳送傳遞 { $id }。
webhook-no-secret = --secret-stdin 未讀到任何內容：請透過 stdin 提供密碼（whsec_...），或省略此選項以自動產生。

## connect --browser

connect-browser-opened = 請在剛開啟的瀏覽器中登入。若沒有開啟，請開啟此網址：{ $url }
connect-browser-open = 請在這台電腦的瀏覽器中開啟此網址以登入：{ $url }
connect-browser-page-done = 已登入 mscommerce。您可以關閉此頁面並回到命令列。
connect-browser-page-failed = 登入未完成。請回到命令列查看發生了什麼事。
error-browser-declined = 已在瀏覽器中拒絕登入。
error-browser-timed-out = 沒有人在 { $minutes } 分鐘內於瀏覽器中完成登入。
error-browser-refused = 身分識別提供者拒絕了登入（{ $error }）：{ $description }
error-browser-forged = 這些權杖不屬於這次登入（nonce 不符），因此未予保留。
error-browser-listener = 無法在回送連接埠上等候瀏覽器的回應（{ $message }）：請改用 --device-code 登入。
help-arg-browser = 在這台電腦的瀏覽器中登入（使用 PKCE 的授權碼；回應經由回送連接埠傳回）；可搭配多重要素驗證
hint-tenant-not-found = 這裡沒有租用戶 { $tenant }：請檢查拼字（例如 contoso.com 這樣的網域，或租用戶識別碼），再以正確的租用戶連線：{ $command }
hint-tenant-needed = 請指定您的租用戶（其網域，例如 contoso.com，或其識別碼）：{ $command }
warning-language-unsupported = mscommerce 沒有 { $asked } 的訊息，因此以英文顯示。可用：{ $available }（--lang 或 MSCOMMERCE_LANG）。
hint-speaks-http = 此網址使用一般 http，而非 https：請以 --endpoint { $endpoint } 連線
hint-speaks-https = 此網址使用 https，而非一般 http：請以 --endpoint { $endpoint } 連線
