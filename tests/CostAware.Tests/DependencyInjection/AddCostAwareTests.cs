using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace CostAware.Tests.DependencyInjection;

public class AddCostAwareTests
{
    [Fact]
    public async Task An_application_pipeline_meters_into_the_registered_ledger_with_the_configured_prices()
    {
        var services = new ServiceCollection();
        services.AddCostAware(o =>
        {
            o.Prices.Add(new ModelPrice { ModelId = "house-model", InputPerMillion = 1m, OutputPerMillion = 4m });
            o.Adjustments.Add(PriceAdjustment.ProviderDiscount("openai", 10m));
        });
        var inner = new ScriptedChatClient(defaultModelId: "house-model")
            .ThenReply("a", new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 500 })
            .ThenReply("b", new UsageDetails { InputTokenCount = 1_000_000, CachedInputTokenCount = 0, OutputTokenCount = 0 }, modelId: "gpt-4o");
        services.AddChatClient(inner).UseTokenMeter();

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        await client.GetResponseAsync("hello");
        await client.GetResponseAsync("hello");

        var ledger = provider.GetRequiredService<InMemoryCostLedger>();
        provider.GetRequiredService<ICostLedger>().Should().BeSameAs(ledger);
        ledger.GetEntries().Select(e => e.CostUsd).Should().Equal(0.003m, 2.25m);
    }

    [Fact]
    public void A_ledger_registered_before_is_kept()
    {
        var services = new ServiceCollection();
        var mine = new InMemoryCostLedger(5);
        services.AddSingleton<ICostLedger>(mine);

        services.AddCostAware();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ICostLedger>().Should().BeSameAs(mine);
    }

    [Fact]
    public void An_invalid_price_file_fails_with_the_model_and_field_named()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "models": [ { "model": "x", "input": -2, "output": 1 } ] }""");
        var services = new ServiceCollection().AddCostAware(o => o.PriceFiles.Add(path));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<PriceCatalog>();

        act.Should().Throw<PriceCatalogException>().WithMessage("*model 'x', field 'input': a price cannot be negative*");
        File.Delete(path);
    }
}
