using System.Diagnostics.Metrics;

namespace CostAware.Tests.TestSupport;

/// <summary>An <see cref="IMeterFactory"/> whose meters belong to one test, so parallel tests never see each other's
/// measurements.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public List<Meter> Meters { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        Meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in Meters)
        {
            meter.Dispose();
        }
    }
}
