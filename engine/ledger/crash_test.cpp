#include "ledger/test_support.h"
