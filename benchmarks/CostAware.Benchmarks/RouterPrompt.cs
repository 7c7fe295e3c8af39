using System.Globalization;
using System.Text;

namespace CostAware.Benchmarks;

/// <summary>
/// A realistic user prompt of about 2,000 o200k tokens for the router benchmarks: an analyst asks why a discount
/// function gives wrong totals, with the function's code, the rules it must follow, a table of orders (numbers, dates,
/// percentages) and several questions with constraints on the answer. Deterministic: the table's rows come from a
/// seeded generator, and rows are added until the whole prompt reaches <see cref="TargetTokens"/> tokens. About
/// half of it is prose.
/// </summary>
internal static class RouterPrompt
{
    /// <summary>The prompt's size, in o200k tokens (the text alone, without message overhead).</summary>
    public const int TargetTokens = 2000;

    private const string Head =
        """
        Hi, I maintain the billing service of a small online shop and I need help with a bug that finance found last week.
        Our monthly revenue report does not match the payment provider's settlement files: for March the report is about
        1.8% higher than what we actually received, and for some customers the difference is more than 10 EUR per order.
        I think the problem is in the discount calculation, but I have been staring at it for two days and I cannot see it.

        The rules finance gave us (they are the source of truth, and the code must follow them exactly):
        1. A loyalty discount of 5% applies to customers with at least 3 paid orders in the previous 12 months.
        2. A volume discount of 10% applies to the part of an order above 200 EUR, never to the whole order.
        3. Coupons are a fixed amount in EUR, applied after the percentage discounts, and can never make a line negative.
        4. Discounts must not stack beyond 25% of the order's gross amount; the cap is applied last.
        5. VAT (19% standard, 7% reduced for books) is computed on the discounted net amount, per line, rounded half-even
           to the cent, and only then summed. Do not round intermediate results.
        6. Shipping (4.90 EUR, free above 50 EUR after discounts) is never discounted and is taxed at 19%.

        Some background, because I suspect the data matters as much as the code. We sell mostly electronics accessories
        and a growing share of technical books, so many orders mix both VAT rates. About a third of our customers are
        returning customers, and the loyalty programme was introduced in January, which is why the problem only became
        visible in the first quarter. Finance compares our report with the provider's settlement files every month; until
        February the differences were a few cents per order and everyone assumed they were rounding noise. In March the
        marketing team ran a coupon campaign (5, 10 and 15 EUR coupons, one per order) and the gap jumped.

        What I have already checked: the settlement files are correct (the provider's amounts match what customers were
        charged at checkout, and the checkout uses a different, older implementation that finance audited last year).
        Refunds and chargebacks are excluded from both sides. Currency is always EUR. The report job runs nightly and
        reads orders from a read replica, so timing is not the issue: re-running it for a closed month gives the same
        numbers. I also compared a handful of orders by hand, and the report is sometimes too high and sometimes too low,
        which is why I do not trust my own reading of the rules any more. My colleague thinks the cap is applied in the
        wrong place; I think the VAT loop is the problem. We would like to understand all of it before we fix anything,
        because the same function is also used by the invoice generator and we cannot re-issue invoices lightly.

        Here is the function, in C# (.NET 8). It is called once per order by the report job:

        ```csharp
        public static decimal OrderTotal(Order order, Customer customer, Coupon? coupon)
        {
            decimal gross = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
            decimal discount = 0m;
            if (customer.PaidOrdersLast12Months >= 3)
                discount += gross * 0.05m;
            if (gross > 200m)
                discount += gross * 0.10m;
            if (coupon is not null)
                discount += coupon.Amount;
            discount = Math.Min(discount, gross * 0.25m);
            decimal net = gross - discount;
            decimal vat = 0m;
            foreach (var line in order.Lines)
            {
                decimal share = line.UnitPrice * line.Quantity / gross;
                decimal rate = line.IsBook ? 0.07m : 0.19m;
                vat += Math.Round(net * share * rate, 2);
            }
            decimal shipping = net > 50m ? 0m : 4.90m;
            return Math.Round(net + vat + shipping * 1.19m, 2);
        }
        ```

        Below is a sample of March orders exported from the report (order id, date, customer's paid orders in the last
        12 months, gross amount, coupon, book share of the gross, what our report says, what the provider settled):

        | Order | Date | Paid orders | Gross EUR | Coupon EUR | Book share | Report EUR | Settled EUR |
        |---|---|---:|---:|---:|---:|---:|---:|

        """;

    private const string Tail =
        """

        Please do the following, step by step:
        - Explain why the report total is higher than the settled total, and identify every place where the function
          breaks one of the six rules above. For each one, quote the line, name the rule, and say which way it moves
          the total (up or down) and roughly by how much on the sample above.
        - Recompute the totals of orders 1004, 1017 and 1031 by hand under the rules, showing the intermediate amounts
          (gross, each discount, the cap, net, VAT per rate, shipping) so that finance can check them.
        - Rewrite the function so that it follows the rules exactly. Keep the same signature, do not add any package,
          and make sure the rounding is half-even (MidpointRounding.ToEven) and happens only where rule 5 says.
        - Propose at least 5 unit tests (xUnit) that would have caught these bugs, each with its expected value.

        Constraints on your answer: be precise with numbers, do not guess values that are not in the table, keep the
        explanation under 600 words (the code and tests do not count), and format the recomputed orders as a table.
        If a rule is ambiguous, say so and state the interpretation you used instead of silently picking one.
        """;

    /// <summary>Builds the prompt.</summary>
    /// <returns>The text.</returns>
    public static string Build()
    {
        var counter = TiktokenTokenCounter.O200kBase;
        var random = new Random(2026);
        var rows = new StringBuilder();
        var start = new DateOnly(2026, 3, 1);
        string prompt = Head + Tail;
        for (int order = 1001; counter.CountTokens(prompt) < TargetTokens; order++)
        {
            decimal gross = Math.Round((decimal)(15 + (random.NextDouble() * 420)), 2);
            int paid = random.Next(0, 9);
            decimal coupon = random.Next(4) == 0 ? random.Next(1, 4) * 5m : 0m;
            int bookShare = random.Next(3) == 0 ? random.Next(1, 10) * 10 : 0;
            decimal report = Math.Round(gross * 1.12m, 2);
            decimal settled = Math.Round(report * (decimal)(0.96 + (random.NextDouble() * 0.04)), 2);
            rows.Append(CultureInfo.InvariantCulture, $"| {order} | {start.AddDays(random.Next(31)):yyyy-MM-dd} | {paid} | {gross:0.00} | ")
                .Append(CultureInfo.InvariantCulture, $"{coupon:0.00} | {bookShare}% | {report:0.00} | {settled:0.00} |\n");
            prompt = Head + rows.ToString() + Tail;
        }

        return prompt;
    }
}
