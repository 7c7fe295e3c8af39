using CostAware.Simulation;
using Microsoft.Extensions.Configuration;

namespace CostAware.Cli.Replay;

/// <summary>Everything a replay can be configured with: the simulator, the CostAware decorators and the pacing,
/// read from the JSON file given with <c>--config</c>.</summary>
/// <remarks>Each section binds one options type; a key that matches no property is an error that names it, so a
/// misspelt setting never silently does nothing. Sections for later decorators are added here and in
/// <see cref="ReplayPipeline"/>.</remarks>
internal sealed class ReplaySettings
{
    /// <summary>The section that configures the provider simulator.</summary>
    public const string SimulatorSection = "Simulator";

    /// <summary>The section that configures the token meter.</summary>
    public const string TokenMeterSection = "TokenMeter";

    /// <summary>The section that configures the prefix orderer.</summary>
    public const string PrefixOrderingSection = "PrefixOrdering";

    /// <summary>The section that configures the pacing of the replay.</summary>
    public const string ReplaySection = "Replay";

    private static readonly string[] s_sections = [SimulatorSection, TokenMeterSection, PrefixOrderingSection, ReplaySection];

    // The prefix orderer's other options are code (a route selector, a token counter, hint writers), which a JSON
    // file cannot express; the replay sets the hint writers itself.
    private static readonly string[] s_prefixOrderingKeys =
    [
        nameof(PrefixOrderingOptions.Mode),
        nameof(PrefixOrderingOptions.Placement),
        nameof(PrefixOrderingOptions.SortTools),
        nameof(PrefixOrderingOptions.SortDocuments),
        nameof(PrefixOrderingOptions.LearnFromTraffic),
        nameof(PrefixOrderingOptions.VolatileWarningTokenWindow),
        nameof(PrefixOrderingOptions.StableBlockCacheLifetime),
        nameof(PrefixOrderingOptions.WriteCacheOnlyForRepeatedPrefixes),
    ];

    /// <summary>Gets the simulator's options. Latency is computed but not waited by default; when
    /// <c>SimulateLatency</c> is set, calls wait it out in virtual time, which the replay moves on.</summary>
    public SimulatorOptions Simulator { get; } = new() { SimulateLatency = false };

    /// <summary>Gets the token meter's options.</summary>
    public TokenMeterOptions TokenMeter { get; } = new();

    /// <summary>Gets the prefix orderer's options. Only the settings a file can express are bound (see
    /// <see cref="PrefixOrderingSection"/>); the replay adds the Anthropic and OpenAI cache-hint writers.</summary>
    public PrefixOrderingOptions PrefixOrdering { get; } = new();

    /// <summary>Gets the pacing options.</summary>
    public ReplayOptions Replay { get; } = new();

    /// <summary>Reads settings from a JSON file, or returns the defaults.</summary>
    /// <param name="file">The file, or <see langword="null"/>.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="CliException">The file is missing, is not valid JSON or has keys no option matches.</exception>
    public static ReplaySettings Load(FileInfo? file)
    {
        var settings = new ReplaySettings();
        if (file is null)
        {
            return settings;
        }

        if (!file.Exists)
        {
            throw new CliException($"config file '{file.FullName}' does not exist.");
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"config file '{file.FullName}' is not valid JSON: {ex.Message}", ex);
        }

        var unknown = configuration.GetChildren()
            .Select(c => c.Key)
            .Where(k => !s_sections.Contains(k, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new CliException(
                $"config file '{file.FullName}' has unknown section(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; " +
                $"valid sections are {string.Join(", ", s_sections)}.");
        }

        Bind(configuration, SimulatorSection, settings.Simulator, file);
        Bind(configuration, TokenMeterSection, settings.TokenMeter, file);
        BindPrefixOrdering(configuration, settings.PrefixOrdering, file);
        Bind(configuration, ReplaySection, settings.Replay, file);
        return settings;
    }

    private static void BindPrefixOrdering(IConfiguration configuration, PrefixOrderingOptions target, FileInfo file)
    {
        var unknown = configuration.GetSection(PrefixOrderingSection).GetChildren()
            .Select(c => c.Key)
            .Where(k => !s_prefixOrderingKeys.Contains(k, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new CliException(
                $"config file '{file.FullName}', section '{PrefixOrderingSection}': unknown key(s) " +
                $"{string.Join(", ", unknown.Select(k => $"'{k}'"))}; valid keys are {string.Join(", ", s_prefixOrderingKeys)}.");
        }

        Bind(configuration, PrefixOrderingSection, target, file);
        if (target.VolatileWarningTokenWindow < 0)
        {
            throw new CliException(
                $"config file '{file.FullName}', section '{PrefixOrderingSection}': " +
                $"{nameof(PrefixOrderingOptions.VolatileWarningTokenWindow)} must be zero or more, not {target.VolatileWarningTokenWindow}.");
        }
    }

    private static void Bind(IConfiguration configuration, string section, object target, FileInfo file)
    {
        try
        {
            configuration.GetSection(section).Bind(target, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new CliException($"config file '{file.FullName}', section '{section}': {ex.Message}", ex);
        }
    }
}
