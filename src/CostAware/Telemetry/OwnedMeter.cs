using System.Diagnostics.Metrics;

namespace CostAware;

/// <summary>The <c>CostAware</c> meter of one component: from the application's <see cref="IMeterFactory"/> when it
/// has one (the factory owns it then), else created here and disposed with the component.</summary>
internal sealed class OwnedMeter(IMeterFactory? factory) : IDisposable
{
    private readonly bool _owned = factory is null;

    /// <summary>Gets the meter.</summary>
    public Meter Meter { get; } = factory?.Create(CostAwareTelemetry.MeterName) ?? new Meter(CostAwareTelemetry.MeterName);

    /// <summary>Disposes the meter when this component created it.</summary>
    public void Dispose()
    {
        if (_owned)
        {
            Meter.Dispose();
        }
    }
}
