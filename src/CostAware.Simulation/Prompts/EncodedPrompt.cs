namespace CostAware.Simulation;

/// <summary>A request as one token-id sequence in provider order (tools, system, messages, reply priming), with the
/// end offset of every block and the Anthropic cache breakpoints found on them.</summary>
/// <param name="Tokens">The token ids; the length equals <see cref="ITokenCounter.CountPromptTokens"/>.</param>
/// <param name="BlockEnds">The offset just past each block (the tools, then each content block), in order.</param>
/// <param name="Breakpoints">The blocks carrying a cache breakpoint.</param>
/// <param name="ContentFingerprint">A hash of the request's lines and tool names that ignores their order, so that a
/// decorator which only reorders a prompt (the prefix orderer) gets the same answer from the simulator.</param>
internal sealed record EncodedPrompt(int[] Tokens, IReadOnlyList<int> BlockEnds, IReadOnlyList<CacheBreakpoint> Breakpoints, ulong ContentFingerprint);

/// <summary>An Anthropic cache breakpoint: the prefix up to the end of block <paramref name="BlockIndex"/> is cached
/// for <paramref name="Ttl"/>.</summary>
/// <param name="BlockIndex">The index into <see cref="EncodedPrompt.BlockEnds"/>.</param>
/// <param name="Ttl">The cache lifetime: five minutes or one hour.</param>
internal readonly record struct CacheBreakpoint(int BlockIndex, TimeSpan Ttl);
