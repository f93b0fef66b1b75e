#include "bench/ledger_gen.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "services/demo.h"

namespace reskontra::bench {
namespace {

std::string WithLuhn(const std::string& nine) { return absl::StrCat(nine, LuhnCheckDigit(nine)); }
std::string Format(absl::CivilDay d) { return absl::FormatCivilTime(d); }

// Payment behaviour per delivery channel, per mille: on time, late, partial (the rest: never).
struct Behaviour {
  uint32_t on_time, late, partial;
};
constexpr Behaviour kBehaviour[3] = {
    {620, 300, 30},  // paper: the thesis's 30 % reminded and ≈ 6 % to collection
    {720, 220, 20},  // e-mail
    {970, 20, 0},    // autogiro: drawn on the due date unless the mandate fails
};
// Invoice sizes per mille in the thesis's buckets (kr): upper bound and share.
constexpr struct {
  int64_t upper_kr;
  uint32_t share;
} kSizes[] = {{200, 250}, {400, 250}, {600, 200}, {800, 120}, {1000, 80}, {20000, 100}};

}  // namespace

int ChannelOfCustomer(int64_t customer_index) {
  const uint64_t h = static_cast<uint64_t>(customer_index) * 0x9E3779B97F4A7C15ULL;
  const int tenth = static_cast<int>((h >> 40) % 10);
  return tenth < 8 ? 0 : tenth == 8 ? 1 : 2;
}

LedgerGenerator::LedgerGenerator(GenOptions options)
    : options_(std::move(options)), lcg_(options_.seed * 2862933555777941757ULL + 3037000493ULL) {
  customers_per_company_ = std::max<int64_t>(
      1, options_.invoices / options_.companies / std::max(1, options_.invoices_per_customer));
  next_invoice_.assign(static_cast<size_t>(options_.companies) * 3, 0);
  pending_.resize(static_cast<size_t>(options_.days) + 1);
}

uint32_t LedgerGenerator::Rand(uint32_t n) {
  lcg_ = lcg_ * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<uint32_t>((lcg_ >> 33) % n);
}

template <class R>
R* LedgerGenerator::Ctx(R* r, int32_t company) {
  r->mutable_ctx()->set_command_id(
      absl::StrCat(options_.id_prefix, "-s", options_.seed, "-c", command_seq_ + 100000000));
  r->mutable_ctx()->set_actor("generator");
  r->mutable_ctx()->set_company(company);
  return r;
}

void LedgerGenerator::Emit(pb::BatchCommand c) {
  ++command_seq_;
  ++stats_.commands;
  ready_.push_back(std::move(c));
}

void LedgerGenerator::Schedule(int day, Action a) {
  if (day < options_.days) pending_[static_cast<size_t>(day)].push_back(a);  // later: not in the period
}

void LedgerGenerator::Setup() {
  for (int32_t co = 1; co <= options_.companies; ++co) {
    pb::BatchCommand c;
    auto* reg = Ctx(c.mutable_register_company(), co);
    reg->set_name(absl::StrCat("Benchkommun ", co));
    reg->set_org_number(WithLuhn(absl::StrCat("2120", 10000 + co)));
    Emit(std::move(c));
    ++stats_.companies;
    // The demo's policies (services/demo.h), with letters that print no accrued interest: the
    // generated ledger registers no reference rates.
    pb::BatchCommand d;
    pb::DunningPolicy* policy = Ctx(d.mutable_set_dunning_policy(), co)->mutable_policy();
    *policy = DemoDunningPolicy();
    policy->mutable_reminder1()->set_days(DefaultDunningPolicy().reminder1.days);
    policy->mutable_reminder1()->set_print_interest(false);
    policy->mutable_demand()->set_days(DefaultDunningPolicy().demand.days);
    policy->mutable_demand()->set_print_interest(false);
    Emit(std::move(d));
    pb::BatchCommand i;
    *Ctx(i.mutable_set_interest_policy(), co)->mutable_policy() = DemoInterestPolicy();
    Emit(std::move(i));
    stats_.setup += 2;
    for (int64_t k = 0; k < customers_per_company_; ++k) {
      pb::BatchCommand cu;
      auto* r = Ctx(cu.mutable_register_customer(), co);
      r->set_customer_number(absl::StrCat(100000 + k));
      pb::CustomerDetails* det = r->mutable_details();
      const bool business = Rand(100) < 15;
      det->set_kind(business ? pb::CUSTOMER_KIND_ORGANISATION : pb::CUSTOMER_KIND_PERSON);
      det->set_name(absl::StrCat(business ? "Företag " : "Kund ", k));
      det->set_national_id(WithLuhn(business ? absl::StrCat("556", 100 + k % 900, "123")
                                             : absl::StrCat("640823", 100 + k % 900)));
      det->set_street(absl::StrCat("Storgatan ", 1 + k % 99));
      det->set_postal_code(absl::StrFormat("%05d", 10000 + k % 89999));
      det->set_city("Exempelstad");
      switch (ChannelOfCustomer(k)) {
        case 0:
          det->set_delivery(pb::DELIVERY_CHANNEL_PAPER);
          break;
        case 1:
          det->set_delivery(pb::DELIVERY_CHANNEL_EMAIL);
          det->set_email(absl::StrCat("kund", k, "@example.se"));
          break;
        default:
          det->set_delivery(pb::DELIVERY_CHANNEL_E_INVOICE);
          break;
      }
      Emit(std::move(cu));
      ++stats_.customers;
    }
  }
}

void LedgerGenerator::Day(int d) {
  const absl::CivilDay today = options_.first_day + d;
  if (options_.dunning_runs && d > 0 && today.day() == 1) {
    for (int32_t co = 1; co <= options_.companies; ++co) {
      pb::BatchCommand c;
      Ctx(c.mutable_run_dunning(), co)->set_run_date(Format(today));
      Emit(std::move(c));
      ++stats_.dunning_runs;
    }
  }
  // What falls due today: payments, credits and annulments of earlier invoices.
  std::vector<Action> actions = std::move(pending_[static_cast<size_t>(d)]);
  for (const Action& a : actions) {
    pb::BatchCommand c;
    switch (a.kind) {
      case Action::kPay: {
        auto* r = Ctx(c.mutable_record_payment(), a.company);
        r->set_invoice_number(a.invoice);
        r->set_amount_ore(a.ore);
        r->set_transaction_date(Format(today));
        r->set_channel(a.channel == 2 ? pb::PAYMENT_CHANNEL_AUTOGIRO : pb::PAYMENT_CHANNEL_BANKGIRO);
        r->set_reference(WithLuhn(absl::StrCat(a.invoice)));
        ++stats_.payments;
        stats_.paid_ore += a.ore;
        break;
      }
      case Action::kCredit: {
        auto* r = Ctx(c.mutable_credit_invoice(), a.company);
        r->set_invoice_number(a.invoice);
        r->set_amount_ore(a.ore);
        r->set_credit_note_number(absl::StrCat("K", a.invoice));
        r->set_transaction_date(Format(today));
        ++stats_.credits;
        break;
      }
      case Action::kAnnul: {
        auto* r = Ctx(c.mutable_annul_invoice(), a.company);
        r->set_invoice_number(a.invoice);
        r->set_remark("Felaktig fakturering");
        r->set_transaction_date(Format(today));
        ++stats_.annulments;
        break;
      }
    }
    Emit(std::move(c));
  }
  // Today's invoices, round robin over the companies and routines.
  const int64_t until = options_.invoices * (d + 1) / options_.days;
  for (; issued_ < until; ++issued_) {
    const int32_t co = static_cast<int32_t>(issued_ % options_.companies) + 1;
    const int routine = 1 + static_cast<int>((issued_ / options_.companies) % 3);
    const int64_t number =
        routine * 10'000'000LL + next_invoice_[static_cast<size_t>((co - 1) * 3 + routine - 1)]++;
    const int64_t customer = Rand(static_cast<uint32_t>(customers_per_company_));
    const int channel = ChannelOfCustomer(customer);
    uint32_t pick = Rand(1000);
    int64_t lower_kr = 0, upper_kr = 0;
    for (const auto& s : kSizes) {
      upper_kr = s.upper_kr;
      if (pick < s.share) break;
      pick -= s.share;
      lower_kr = s.upper_kr;
    }
    // A multiple of 4 öre, so that 25 % VAT is exact and the payer's total is known here.
    const int64_t net =
        (lower_kr * 100 + 100 + Rand(static_cast<uint32_t>((upper_kr - lower_kr) * 100))) / 4 * 4;
    const bool vat = Rand(10) < 6;
    const int64_t total = net + (vat ? net / 4 : 0);
    const absl::CivilDay due = today + 30;
    pb::BatchCommand c;
    auto* r = Ctx(c.mutable_issue_invoice(), co);
    r->set_invoice_number(number);
    r->set_customer_number(absl::StrCat(100000 + customer));
    r->set_invoice_date(Format(today));
    r->set_due_date(Format(due));
    auto* line = r->add_lines();
    line->set_description(routine == 1 ? "Vatten och avlopp" : routine == 2 ? "Barnomsorg" : "Hyra");
    line->set_net_ore(net);
    line->set_vat_rate_bp(vat ? 2500 : 0);
    line->set_revenue_account(routine == 1 ? 3011 : routine == 2 ? 3041 : 3911);
    Emit(std::move(c));
    ++stats_.invoices;
    stats_.invoiced_ore += total;

    const int due_day = d + 30;
    const uint32_t fate = Rand(1000);
    if (fate < 5) {  // annulled before anything else happens
      Schedule(d + 1 + static_cast<int>(Rand(5)), {Action::kAnnul, 0, co, number, 0});
      continue;
    }
    int64_t owed = total;
    if (fate < 25) {  // a partial credit of a fifth
      Schedule(d + 3 + static_cast<int>(Rand(8)), {Action::kCredit, 0, co, number, total / 5});
      owed -= total / 5;
    }
    const Behaviour& b = kBehaviour[channel];
    const uint32_t pay = Rand(1000);
    const uint8_t ch = static_cast<uint8_t>(channel);
    if (pay < b.on_time) {
      Schedule(channel == 2 ? due_day : due_day - static_cast<int>(Rand(10)),
               {Action::kPay, ch, co, number, owed});
    } else if (pay < b.on_time + b.late) {
      Schedule(due_day + 5 + static_cast<int>(Rand(56)), {Action::kPay, ch, co, number, owed});
    } else if (pay < b.on_time + b.late + b.partial) {
      Schedule(due_day - static_cast<int>(Rand(5)),
               {Action::kPay, ch, co, number, owed * (30 + Rand(41)) / 100});
    }  // else never paid
  }
}

bool LedgerGenerator::Next(std::vector<pb::BatchCommand>& out, size_t max) {
  out.clear();
  while (out.size() < max) {
    if (ready_at_ == ready_.size()) {
      ready_.clear();
      ready_at_ = 0;
      if (day_ + 1 >= options_.days) break;
      if (day_ < 0) Setup();
      Day(++day_);
      continue;
    }
    out.push_back(std::move(ready_[ready_at_++]));
  }
  return !out.empty();
}

}  // namespace reskontra::bench
