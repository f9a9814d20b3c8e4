### Terms shared by the CLI and the web pages.

-brand = mscommerce
