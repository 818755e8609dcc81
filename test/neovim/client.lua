-- A headless Neovim as a user of the language server: the seed open in a buffer before the server
-- starts (as when Neovim is started on a file), then a hover, the document symbols, go to first
-- mention with Neovim's own handler, and the references. Works on Neovim 0.7 (Debian's), which
-- has vim.lsp.start_client and buf_attach_client but not vim.lsp.start.
-- Inputs (environment): CORPUS_ROOT, CORPUS_SERVER, CORPUS_REQUESTS (JSON: positions), CORPUS_RESULT (output file).
local root = os.getenv('CORPUS_ROOT')
local requests = vim.fn.json_decode(os.getenv('CORPUS_REQUESTS'))
local result = { log = {} }

local function finish()
  local f = io.open(os.getenv('CORPUS_RESULT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(requests.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local ended = false
  local client_id = vim.lsp.start_client({
    name = 'corpus-study',
    cmd = { 'node', os.getenv('CORPUS_SERVER'), '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'corpus' } },
    init_options = requests.init_options,
    -- Neovim sends no `locale` of its own: a user who wants the server's Chinese sets it here.
    before_init = function(params)
      if requests.locale then params.locale = requests.locale end
    end,
    handlers = {
      ['$/progress'] = function(_, params)
        if params and params.value and params.value.kind == 'end' then ended = true end
      end,
    },
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  result.filetype = vim.bo[bufnr].filetype
  -- Bounded waits on conditions: the indexing's end, then each answer.
  result.indexed = vim.wait(90000, function() return ended end, 20)
  local client = vim.lsp.get_client_by_id(client_id)
  local doc = { uri = vim.uri_from_bufnr(bufnr) }
  local function request(method, params)
    local r = client.request_sync(method, params, 30000, bufnr)
    if not r then return { error = 'timeout' } end
    return r.result ~= nil and r.result or vim.NIL
  end
  result.status = request('corpusStudy/status', vim.empty_dict())
  result.hover = request('textDocument/hover', { textDocument = doc, position = requests.hover })
  result.symbols = request('textDocument/documentSymbol', { textDocument = doc })
  result.references = request('textDocument/references', { textDocument = doc, position = requests.references, context = { includeDeclaration = true } })
  -- Go to first mention with Neovim's own definition handler: the cursor moves there.
  vim.api.nvim_win_set_cursor(0, { requests.definition.line + 1, requests.definition.byte })
  vim.lsp.buf.definition()
  local start = vim.api.nvim_win_get_cursor(0)
  vim.wait(30000, function()
    local now = vim.api.nvim_win_get_cursor(0)
    return now[1] ~= start[1] or now[2] ~= start[2]
  end, 20)
  local cursor = vim.api.nvim_win_get_cursor(0)
  result.definitionCursor = { line = cursor[1] - 1, byte = cursor[2] }
  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
end)
if not ok then result.error = tostring(err) end
finish()
