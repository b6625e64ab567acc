# A storage account and a Redis cache. TLS is too old on the account; Redis listens on port 6379 for an old
# client, which the team accepted until mid-2027 (an inline suppression, with its reason and expiry date).
variable "min_tls" {
  type    = string
  default = "TLS1_0"
}

resource "azurerm_storage_account" "data" {
  name                            = "contososhopdata"
  resource_group_name             = "rg-shop"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = var.min_tls
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  public_network_access_enabled   = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }

  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
}

resource "azurerm_redis_cache" "sessions" {
  name                          = "contoso-shop-sessions"
  resource_group_name           = "rg-shop"
  location                      = "westeurope"
  capacity                      = 1
  family                        = "C"
  sku_name                      = "Standard"
  non_ssl_port_enabled          = true # iac-scan:ignore IAC-REDIS-001 exp:2027-06-30 the 2014 session library cannot use TLS; replaced in OPS-311
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}
