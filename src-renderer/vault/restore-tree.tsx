import { Button, Checkbox, Collection, Tree, TreeItem, TreeItemContent, type Selection } from 'react-aria-components';
import { DatabaseIcon, FileIcon, FolderIcon, LinkIcon } from './icons.js';
import type { TreeNode } from './manifest-tree.js';
import { formatBytes } from './vault-rows.js';

const kindLabel = { directory: 'folder', sqlite: 'database', file: 'file', symlink: 'link' } as const;

function Item({ node }: { node: TreeNode }) {
  return (
    <TreeItem id={node.path} textValue={node.name} className="tree-item" aria-label={`${node.name} (${kindLabel[node.kind]})`}>
      <TreeItemContent>
        {({ hasChildItems, isExpanded }) => (
          <div className="tree-row">
            <Checkbox slot="selection" className="checkbox" aria-label={`Restore ${node.path}`}>
              <span className="mark" aria-hidden="true" />
            </Checkbox>
            {hasChildItems ? (
              <Button slot="chevron" className="chevron" aria-label={isExpanded ? `Collapse ${node.name}` : `Expand ${node.name}`}>
                {isExpanded ? '▾' : '▸'}
              </Button>
            ) : (
              <span className="chevron-space" />
            )}
            <span className={`tree-icon kind-${node.kind}`} aria-hidden="true">
              {node.kind === 'directory' ? <FolderIcon /> : node.kind === 'sqlite' ? <DatabaseIcon /> : node.kind === 'symlink' ? <LinkIcon /> : <FileIcon />}
            </span>
            <span className="tree-name">{node.name}</span>
            {node.kind !== 'directory' && <span className="tree-size">{formatBytes(node.size)}</span>}
          </div>
        )}
      </TreeItemContent>
      <Collection items={node.children}>{(child) => <Item node={child} />}</Collection>
    </TreeItem>
  );
}

/** The backup's files as a tree; ticking a folder restores all of it. */
export function RestoreTree({ roots, selected, onChange }: { roots: TreeNode[]; selected: Selection; onChange(s: Selection): void }) {
  return (
    <Tree
      aria-label="Files and folders in this backup"
      className="restore-tree"
      items={roots}
      selectionMode="multiple"
      selectionBehavior="toggle"
      selectedKeys={selected}
      onSelectionChange={onChange}
      defaultExpandedKeys={roots.map((r) => r.path)}
    >
      {(node) => <Item node={node} />}
    </Tree>
  );
}
